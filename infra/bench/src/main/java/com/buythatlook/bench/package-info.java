/**
 * The Java sides of the benchmarks in {@code infra/bench}; the scripts run them beside their
 * reference implementations and print {@code name=value} lines.
 */
package com.buythatlook.bench;
