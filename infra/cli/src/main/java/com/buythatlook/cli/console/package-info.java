/**
 * How a command reports a mistake its user can fix: a {@link com.buythatlook.cli.console.UserError}
 * carries one sentence, which {@code btl} prints without a stack trace before it exits with status
 * 2. A leaf package, so that commands need nothing from {@code com.buythatlook.cli} itself, which
 * depends on all of them.
 */
package com.buythatlook.cli.console;
