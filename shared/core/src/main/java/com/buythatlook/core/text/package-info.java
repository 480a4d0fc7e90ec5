/** Making untrusted text safe to print in logs and error messages. */
package com.buythatlook.core.text;
