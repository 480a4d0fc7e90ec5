/**
 * The detect function: an S3 upload event in, the look's items found, stored and sent to the embed
 * queue. A photo that cannot be read ends as a failed look with its reason.
 */
package com.buythatlook.functions.detect;
