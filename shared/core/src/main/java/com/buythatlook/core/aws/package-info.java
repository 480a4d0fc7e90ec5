/**
 * Building AWS SDK clients the same way in every function and tool: the JDK's HTTP client
 * (url-connection-client) only, the region from {@code AWS_REGION}, endpoint overrides from the
 * SDK's standard {@code AWS_ENDPOINT_URL*} settings, and each client created once, on first use, so
 * that a warm Lambda container reuses it across invocations.
 */
package com.buythatlook.core.aws;
