/**
 * {@code btl invoke}: a faithful {@code sam local invoke} for machines without Docker.
 *
 * <p>The parent side ({@link com.buythatlook.cli.invoke.InvokeCommand}) reads template.yaml as sam
 * does — short-form tags ({@link com.buythatlook.cli.delivery.CfnYaml}), {@code Globals.Function}
 * merged into each {@code AWS::Serverless::Function} ({@link
 * com.buythatlook.cli.invoke.SamGlobals}), intrinsic functions resolved with sam's local stand-ins
 * ({@link com.buythatlook.cli.invoke.Intrinsics}: a resource's {@code Ref} is its logical id, the
 * account 123456789012, the stack "local") — builds the function's environment with sam's
 * precedence ({@link com.buythatlook.cli.invoke.FunctionEnvironment}: {@code --env-vars}, then
 * btl's environment, then the template; plus the variables Lambda sets), and starts a JVM of its
 * own for the function ({@link com.buythatlook.cli.invoke.FunctionProcess}).
 *
 * <p>The child side ({@link com.buythatlook.cli.invoke.InvokeRuntime}) plays the Lambda Java
 * runtime: it loads the handler as aws-lambda-java-runtime-interface-client does ({@link
 * com.buythatlook.cli.invoke.HandlerLoader}: same method resolution, same serialisers from
 * aws-lambda-java-serialization, constructor failures as init errors), calls it with a {@link
 * com.amazonaws.services.lambda.runtime.Context}, enforces the Timeout and hands back the response
 * or the runtime's error JSON.
 *
 * <p>Why a resolver of its own rather than the SAM translator's expanded template: the translator
 * (the Python package aws-sam-translator) expands {@code AWS::Serverless::Function} into {@code
 * AWS::Lambda::Function}, a role and event source mappings, but leaves every {@code !Ref}, {@code
 * !Sub} and {@code !GetAtt} in place — sam local resolves those afterwards with its own
 * IntrinsicResolver, which is what {@link com.buythatlook.cli.invoke.Intrinsics} mirrors. The
 * translator would replace only the {@code Globals} merge (40 lines), and it would make a Python
 * package a dependency of a Java command (it is not in this build's package mirror either).
 *
 * <p>Where it differs from sam local invoke, on purpose: no container, so no Linux/architecture
 * emulation and no zip — the function runs from btl's classpath, so it logs through btl's SLF4J
 * binding (plain text; {@code com.buythatlook} at {@code LOG_LEVEL}, INFO by default, as the
 * functions' log4j2.xml sets it) rather than the zip's Powertools JSON layout; btl's {@code AWS_*}
 * variables, endpoint overrides included, reach the function (sam forwards only credentials and
 * region); the exit status is 1 when the function fails, so scripts can tell.
 */
package com.buythatlook.cli.invoke;
