/**
 * Turns a location on the command line ({@code s3://bucket/prefix} or a folder) into a blob store.
 */
package com.buythatlook.cli.storage;
