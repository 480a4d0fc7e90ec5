/**
 * {@code btl}, the command-line tool: one sub-command per package below. {@link
 * com.buythatlook.cli.console.UserError} is how a command reports a mistake the user can fix: one
 * sentence, no stack trace.
 */
package com.buythatlook.cli;
