/**
 * {@code btl index}: the catalog batch job of {@code infra/batch}, run from the command line with
 * the same options as {@code btl-index.jar}.
 */
package com.buythatlook.cli.index;
