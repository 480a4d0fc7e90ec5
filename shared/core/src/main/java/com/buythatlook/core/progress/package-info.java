/** Progress of long jobs: a bar with rate and ETA on a terminal, plain lines in a log. */
package com.buythatlook.core.progress;
