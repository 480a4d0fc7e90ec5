package com.buythatlook.cli.invoke;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds, constructs and wraps a handler exactly as the Lambda Java runtime does
 * (aws-lambda-java-runtime-interface-client's {@code EventHandlerLoader}), so a handler that works
 * here loads the same way on Lambda:
 *
 * <ul>
 *   <li>{@code package.Class::method}: the public methods of that name, non-bridge methods first,
 *       then longer signatures (a trailing {@link Context} counting one extra); the first of {@code
 *       (I, Context)}, {@code (I)}, {@code (Context)}, {@code ()} and the {@code
 *       InputStream}/{@code OutputStream} forms that fits is called. {@code package.Class}: a
 *       {@link RequestStreamHandler}, or a {@link RequestHandler} whose type arguments give the
 *       input and output types.
 *   <li>A static method is called without an instance; otherwise the class's public no-argument
 *       constructor runs once, at init. An exception there is an init error.
 *   <li>Input and output go through the runtime's own serialisers (aws-lambda-java-serialization):
 *       a {@link CustomPojoSerializer} service when the classpath has one; {@link
 *       LambdaEventSerializers} for the event classes it supports (S3Event, SQSEvent, SNSEvent, …,
 *       with their mixins and naming); the runtime's Jackson configuration ({@link JacksonFactory})
 *       for everything else, API Gateway v2 events and responses included. A void or {@link Void}
 *       result is {@code null}.
 * </ul>
 */
final class HandlerLoader {
  private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private HandlerLoader() {}

  /** A loaded handler: the event's bytes in, the response's bytes out. */
  interface Invocable {
    byte[] invoke(byte[] event, Context context) throws Throwable;
  }

  /**
   * The runtime's "user fault": the handler cannot be loaded or constructed. Reported as {@code
   * {"errorMessage", "errorType"}} without a stack trace; the trace goes to the log.
   */
  static final class InitFault extends Exception {
    private static final long serialVersionUID = 1L;
    final String errorMessage;
    final String errorType;
    final String trace;

    InitFault(String errorMessage, String errorType, String trace) {
      super(errorMessage, null, false, false);
      this.errorMessage = errorMessage;
      this.errorType = errorType;
      this.trace = trace;
    }

    static InitFault of(Throwable t) {
      String msg =
          t.getLocalizedMessage() == null ? t.getClass().getName() : t.getLocalizedMessage();
      return new InitFault(msg, t.getClass().getName(), trace(t));
    }

    /** What the runtime writes to the log for it. */
    String reportable() {
      if (errorType == null && trace == null) {
        return errorMessage + "\n";
      }
      return errorMessage
          + ": "
          + (errorType == null ? "" : errorType)
          + "\n"
          + (trace == null ? "" : trace)
          + "\n";
    }
  }

  static Invocable load(String handler, ClassLoader loader) throws InitFault {
    String[] parts = handler.split("::", -1);
    if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
      throw new InitFault("Invalid handler: `" + handler + "'", null, null);
    }
    String className = parts[0];
    Class<?> clazz;
    try {
      clazz = Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new InitFault("Class not found: " + className, e.getClass().getName(), trace(e));
    } catch (Throwable t) {
      throw new InitFault(
          "Error loading class "
              + className
              + (t.getMessage() == null ? "" : ": " + t.getMessage()),
          t.getClass().getName(),
          trace(t));
    }
    Serializers serializers = new Serializers(loader);
    return parts.length == 2
        ? methodHandler(clazz, parts[1], serializers)
        : classHandler(clazz, serializers);
  }

  private static Invocable classHandler(Class<?> clazz, Serializers serializers) throws InitFault {
    if (RequestStreamHandler.class.isAssignableFrom(clazz)) {
      RequestStreamHandler h = (RequestStreamHandler) construct(clazz);
      return (event, context) -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.handleRequest(new ByteArrayInputStream(event), out, context);
        return out.toByteArray();
      };
    }
    if (RequestHandler.class.isAssignableFrom(clazz)) {
      Type[] types = typeArguments(clazz, RequestHandler.class, new HashMap<>());
      if (types == null
          || types.length != 2
          || Arrays.stream(types).anyMatch(t -> t instanceof TypeVariable<?> v && unbounded(v))) {
        throw new InitFault(
            "Class "
                + clazz.getName()
                + " does not implement RequestHandler with concrete type parameters",
            null,
            null);
      }
      @SuppressWarnings("unchecked")
      RequestHandler<Object, Object> h = (RequestHandler<Object, Object>) construct(clazz);
      return pojo(h::handleRequest, types[0], types[1], serializers);
    }
    throw new InitFault(
        "Class does not implement an appropriate handler interface: " + clazz.getName(),
        null,
        null);
  }

  private static Invocable methodHandler(Class<?> clazz, String name, Serializers serializers)
      throws InitFault {
    List<Method> candidates = new ArrayList<>();
    for (Method m : clazz.getMethods()) {
      if (m.getName().equals(name)) {
        candidates.add(m);
      }
    }
    candidates.sort(METHOD_PRIORITY);
    for (Method m : candidates) {
      Invocable h = overload(clazz, m, serializers);
      if (h != null) {
        return h;
      }
    }
    throw new InitFault(
        "No public method named "
            + name
            + " with appropriate method signature found on class "
            + clazz.getName(),
        null,
        null);
  }

  /** Non-bridge first, then more parameters, a trailing Context counting as one more. */
  private static final Comparator<Method> METHOD_PRIORITY =
      (l, r) -> {
        if (l.isBridge() != r.isBridge()) {
          return l.isBridge() ? 1 : -1;
        }
        return -Integer.compare(weight(l), weight(r));
      };

  private static int weight(Method m) {
    Class<?>[] p = m.getParameterTypes();
    return p.length + (p.length > 0 && p[p.length - 1] == Context.class ? 1 : 0);
  }

  /** The wrapper for one overload, or null when the runtime would skip it. */
  private static Invocable overload(Class<?> clazz, Method m, Serializers serializers)
      throws InitFault {
    Type[] p = m.getGenericParameterTypes();
    Type r = m.getGenericReturnType();
    boolean in0 = p.length > 0 && p[0] == InputStream.class;
    boolean out0 = p.length > 0 && p[0] == OutputStream.class;
    boolean ctx0 = p.length > 0 && p[0] == Context.class;
    switch (p.length) {
      case 0:
        return pojoMethod(clazz, m, null, r, false, serializers);
      case 1:
        if (in0) {
          return streamMethod(clazz, m, true, false, false);
        } else if (out0) {
          return streamMethod(clazz, m, false, true, false);
        } else if (ctx0) {
          return pojoMethod(clazz, m, null, r, true, serializers);
        }
        return pojoMethod(clazz, m, p[0], r, false, serializers);
      case 2:
        if (out0) {
          return p[1] == Context.class ? streamMethod(clazz, m, false, true, true) : null;
        } else if (ctx0) {
          return null;
        } else if (in0) {
          if (p[1] == OutputStream.class) {
            return streamMethod(clazz, m, true, true, false);
          }
          return p[1] == Context.class ? streamMethod(clazz, m, true, false, true) : null;
        }
        return p[1] == Context.class ? pojoMethod(clazz, m, p[0], r, true, serializers) : null;
      case 3:
        return in0 && p[1] == OutputStream.class && p[2] == Context.class
            ? streamMethod(clazz, m, true, true, true)
            : null;
      default:
        return null;
    }
  }

  private interface PojoCall {
    Object call(Object input, Context context) throws Throwable;
  }

  private static Invocable pojoMethod(
      Class<?> clazz,
      Method m,
      Type input,
      Type output,
      boolean withContext,
      Serializers serializers)
      throws InitFault {
    Object instance = Modifier.isStatic(m.getModifiers()) ? null : construct(clazz);
    int argc = (input != null ? 1 : 0) + (withContext ? 1 : 0);
    return pojo(
        (event, context) -> {
          Object[] args = new Object[argc];
          int i = 0;
          if (input != null) {
            args[i++] = event;
          }
          if (withContext) {
            args[i] = context;
          }
          return call(m, instance, args);
        },
        input,
        output,
        serializers);
  }

  private static Invocable pojo(PojoCall handler, Type input, Type output, Serializers serializers)
      throws InitFault {
    Serializer in = input == null ? null : serializers.forType(input);
    Serializer out = output == null || isVoid(output) ? null : serializers.forType(output);
    return (event, context) -> {
      Object value;
      try {
        value = in == null ? null : in.read(new ByteArrayInputStream(event));
      } catch (Throwable t) {
        throw new RuntimeException("An error occurred during JSON parsing", filter(t));
      }
      Object result = handler.call(value, context);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try {
        if (out == null) {
          bytes.write(JSON_NULL);
        } else {
          out.write(result, bytes);
        }
      } catch (Throwable t) {
        throw new RuntimeException("An error occurred during JSON serialization of response", t);
      }
      return bytes.toByteArray();
    };
  }

  private static Invocable streamMethod(
      Class<?> clazz, Method m, boolean withInput, boolean withOutput, boolean withContext)
      throws InitFault {
    Object instance = Modifier.isStatic(m.getModifiers()) ? null : construct(clazz);
    return (event, context) -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<Object> args = new ArrayList<>(3);
      if (withInput) {
        args.add(new ByteArrayInputStream(event));
      }
      if (withOutput) {
        args.add(out);
      }
      if (withContext) {
        args.add(context);
      }
      call(m, instance, args.toArray());
      if (!withOutput) {
        out.write(JSON_NULL);
      }
      return out.toByteArray();
    };
  }

  private static Object call(Method m, Object instance, Object[] args) throws Throwable {
    try {
      return m.invoke(instance, args);
    } catch (InvocationTargetException e) {
      throw filter(e.getCause() != null ? e.getCause() : e);
    }
  }

  private static Object construct(Class<?> clazz) throws InitFault {
    Constructor<?> ctor;
    try {
      ctor = clazz.getConstructor();
    } catch (NoSuchMethodException e) {
      String msg =
          clazz.getEnclosingClass() != null && !Modifier.isStatic(clazz.getModifiers())
              ? "Class "
                  + clazz.getName()
                  + " cannot be instantiated because it is a non-static inner class"
              : "Class " + clazz.getName() + " has no public zero-argument constructor";
      throw new InitFault(msg, Exception.class.getName(), null);
    }
    try {
      return ctor.newInstance();
    } catch (InvocationTargetException e) {
      throw InitFault.of(filter(e.getCause() == null ? e : e.getCause()));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      throw InitFault.of(e);
    }
  }

  private static boolean isVoid(Type t) {
    return t == void.class || t == Void.class;
  }

  private static boolean unbounded(TypeVariable<?> v) {
    return Arrays.stream(v.getBounds()).allMatch(b -> b == Object.class);
  }

  /**
   * The actual type arguments with which {@code type} implements {@code iface}, following
   * superclasses and superinterfaces and substituting their type variables; null when it does not
   * implement it with type arguments.
   */
  static Type[] typeArguments(Type type, Class<?> iface, Map<TypeVariable<?>, Type> bindings) {
    Class<?> raw;
    Map<TypeVariable<?>, Type> own = new HashMap<>(bindings);
    if (type instanceof ParameterizedType p) {
      raw = (Class<?>) p.getRawType();
      TypeVariable<?>[] vars = raw.getTypeParameters();
      Type[] args = p.getActualTypeArguments();
      for (int i = 0; i < vars.length; i++) {
        own.put(vars[i], substitute(args[i], bindings));
      }
      if (raw == iface) {
        Type[] resolved = new Type[vars.length];
        for (int i = 0; i < vars.length; i++) {
          resolved[i] = own.get(vars[i]);
        }
        return resolved;
      }
    } else if (type instanceof Class<?> c) {
      raw = c;
    } else {
      return null;
    }
    List<Type> supers = new ArrayList<>(Arrays.asList(raw.getGenericInterfaces()));
    if (raw.getGenericSuperclass() != null) {
      supers.add(raw.getGenericSuperclass());
    }
    for (Type s : supers) {
      Type[] found = typeArguments(s, iface, own);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Type substitute(Type t, Map<TypeVariable<?>, Type> bindings) {
    return t instanceof TypeVariable<?> v && bindings.containsKey(v) ? bindings.get(v) : t;
  }

  /** Cuts the runtime's own frames (and those below them) off a trace, as the Java runtime does. */
  static <T extends Throwable> T filter(T t) {
    filter(t, new java.util.IdentityHashMap<>());
    return t;
  }

  private static void filter(Throwable t, Map<Throwable, Boolean> seen) {
    if (t == null || seen.put(t, Boolean.TRUE) != null) {
      return;
    }
    StackTraceElement[] trace = t.getStackTrace();
    for (int i = 0; i < trace.length; i++) {
      String c = trace[i].getClassName();
      if (c.startsWith(HandlerLoader.class.getName())
          || c.startsWith(InvokeRuntime.class.getName())) {
        t.setStackTrace(Arrays.copyOf(trace, i));
        break;
      }
    }
    filter(t.getCause(), seen);
    for (Throwable s : t.getSuppressed()) {
      filter(s, seen);
    }
  }

  static String trace(Throwable t) {
    filter(t);
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  private interface Serializer {
    Object read(InputStream in) throws Exception;

    void write(Object value, OutputStream out) throws Exception;
  }

  /** The runtime's choice of serialiser for a type. */
  private static final class Serializers {
    private final ClassLoader loader;
    private final CustomPojoSerializer custom;

    Serializers(ClassLoader loader) throws InitFault {
      this.loader = loader;
      Iterator<CustomPojoSerializer> found =
          ServiceLoader.load(CustomPojoSerializer.class, loader).iterator();
      CustomPojoSerializer c = found.hasNext() ? found.next() : null;
      if (found.hasNext()) {
        throw new InitFault(
            "Too many serializers provided inside the META-INF/services folder,"
                + " only one is allowed",
            "TooManyServiceProvidersFoundException",
            null);
      }
      this.custom = c;
    }

    @SuppressWarnings("unchecked")
    Serializer forType(Type type) {
      if (custom != null) {
        return new Serializer() {
          @Override
          public Object read(InputStream in) {
            return custom.fromJson(in, type);
          }

          @Override
          public void write(Object value, OutputStream out) {
            custom.toJson(value, out, type);
          }
        };
      }
      PojoSerializer<Object> s;
      if (type instanceof Class<?> c
          && LambdaEventSerializers.isLambdaSupportedEvent(c.getName())) {
        s = LambdaEventSerializers.serializerFor((Class<Object>) c, loader);
      } else {
        s = JacksonFactory.getInstance().getSerializer(type);
      }
      return new Serializer() {
        @Override
        public Object read(InputStream in) {
          return s.fromJson(in);
        }

        @Override
        public void write(Object value, OutputStream out) {
          s.toJson(value, out);
        }
      };
    }
  }
}
