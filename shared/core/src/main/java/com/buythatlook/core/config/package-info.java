/**
 * Reading the functions' settings from environment variables, with errors that name the variable.
 */
package com.buythatlook.core.config;
