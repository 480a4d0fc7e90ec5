package com.buythatlook.cli.invoke;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One function of the template as {@code sam local invoke} sees it: Globals merged in, intrinsic
 * functions resolved.
 *
 * @param logicalId the resource's logical id in the template
 * @param functionName the {@code FunctionName} property, or the logical id (SAM's local name)
 * @param handler {@code package.Class::method} or {@code package.Class}
 * @param runtime e.g. {@code java21}
 * @param memoryMb {@code MemorySize}; 128 when unset, as in Lambda
 * @param timeoutSeconds {@code Timeout}; 3 when unset, as in Lambda
 * @param architectures e.g. {@code [x86_64]}
 * @param variables {@code Environment.Variables}, stringified as SAM passes them to the runtime (a
 *     value that cannot be resolved locally is the empty string)
 * @param unresolved the names among {@code variables} whose value could not be resolved
 * @param logFormat {@code LoggingConfig.LogFormat}: Text or JSON
 * @param applicationLogLevel {@code LoggingConfig.ApplicationLogLevel}, or null
 */
record FunctionConfig(
    String logicalId,
    String functionName,
    String handler,
    String runtime,
    int memoryMb,
    int timeoutSeconds,
    List<String> architectures,
    Map<String, String> variables,
    Set<String> unresolved,
    String logFormat,
    String applicationLogLevel) {}
