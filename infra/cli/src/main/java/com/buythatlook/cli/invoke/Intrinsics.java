package com.buythatlook.cli.invoke;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsic functions in a template value the way {@code sam local} does
 * before it runs a function (SAM CLI's IntrinsicResolver and IntrinsicsSymbolTable):
 *
 * <ul>
 *   <li>{@code Ref} of a parameter: its {@code --parameter-overrides} value, else its {@code
 *       Default}; of a resource: the resource's logical id (a local stand-in for the physical name,
 *       which does not exist until deployed);
 *   <li>pseudo parameters: {@code AWS::Region} the invoke's region, {@code AWS::AccountId}
 *       123456789012, {@code AWS::StackName} "local", {@code AWS::Partition} and {@code
 *       AWS::URLSuffix} from the region, {@code AWS::NoValue} removes the property; each can be
 *       overridden like a parameter;
 *   <li>{@code Fn::GetAtt Resource.Arn}: an ARN built from the logical id, the region and the
 *       account; other attributes cannot be known locally;
 *   <li>{@code Fn::Sub}, {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::If}
 *       (with the template's Conditions), {@code Fn::Equals/Not/And/Or}, {@code Fn::FindInMap},
 *       {@code Fn::Base64}.
 * </ul>
 *
 * What cannot be resolved ({@code Fn::ImportValue}, other attributes, a parameter without a default
 * or override) comes back as {@link #UNRESOLVED}; sam local turns such an environment value into an
 * empty string, and so does {@link FunctionEnvironment}.
 */
final class Intrinsics {
  /** A value that cannot be known without deploying the stack. */
  static final Object UNRESOLVED = new Marker("<unresolved>");

  /** {@code Ref: AWS::NoValue}: the enclosing property or list element is dropped. */
  static final Object NO_VALUE = new Marker("<AWS::NoValue>");

  /** SAM CLI's stand-ins for the pseudo parameters that have no local meaning. */
  static final String ACCOUNT_ID = "123456789012";

  static final String STACK_NAME = "local";

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  private final Map<String, Object> parameters;
  private final Map<String, Object> resources;
  private final Map<String, Object> conditions;
  private final Map<String, Object> mappings;
  private final Map<String, String> overrides;
  private final String region;
  private final Map<String, Boolean> conditionValues = new HashMap<>();

  Intrinsics(Map<String, Object> template, Map<String, String> overrides, String region) {
    this.parameters = section(template, "Parameters");
    this.resources = section(template, "Resources");
    this.conditions = section(template, "Conditions");
    this.mappings = section(template, "Mappings");
    this.overrides = Map.copyOf(overrides);
    this.region = region;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> section(Map<String, Object> template, String name) {
    Object s = template.get(name);
    return s instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** Whether {@code node} is an intrinsic call: a one-key map {@code Ref} or {@code Fn::…}. */
  static boolean isIntrinsic(Object node) {
    if (node instanceof Map<?, ?> m && m.size() == 1) {
      String key = String.valueOf(m.keySet().iterator().next());
      return key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition");
    }
    return false;
  }

  /**
   * {@code node} with every intrinsic function replaced by its value; {@link #UNRESOLVED} where one
   * cannot be known locally.
   */
  Object resolve(Object node) {
    if (node instanceof Map<?, ?> m) {
      if (isIntrinsic(m) && !m.containsKey("Condition")) {
        Map.Entry<?, ?> call = m.entrySet().iterator().next();
        return call(String.valueOf(call.getKey()), call.getValue());
      }
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object v = resolve(e.getValue());
        if (v != NO_VALUE) {
          out.put(e.getKey(), v);
        }
      }
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        Object v = resolve(o);
        if (v != NO_VALUE) {
          out.add(v);
        }
      }
      return out;
    }
    return node;
  }

  private Object call(String function, Object arg) {
    switch (function) {
      case "Ref":
        return arg instanceof String name ? ref(name) : UNRESOLVED;
      case "Fn::GetAtt":
        return getAtt(arg);
      case "Fn::Sub":
        return sub(arg);
      case "Fn::Join":
        return join(arg);
      case "Fn::Select":
        return select(arg);
      case "Fn::Split":
        return split(arg);
      case "Fn::If":
        return ifThen(arg);
      case "Fn::FindInMap":
        return findInMap(arg);
      case "Fn::Base64":
        {
          Object v = resolve(arg);
          return isScalar(v)
              ? Base64.getEncoder().encodeToString(text(v).getBytes(StandardCharsets.UTF_8))
              : UNRESOLVED;
        }
      case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or":
        {
          Boolean b = condition(Map.of(function, arg));
          return b == null ? UNRESOLVED : b;
        }
      default: // Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Transform, …
        return UNRESOLVED;
    }
  }

  Object ref(String name) {
    if (overrides.containsKey(name)) {
      return parameterValue(name, overrides.get(name));
    }
    switch (name) {
      case "AWS::Region":
        return region;
      case "AWS::AccountId":
        return ACCOUNT_ID;
      case "AWS::StackName":
        return STACK_NAME;
      case "AWS::Partition":
        return partition();
      case "AWS::URLSuffix":
        return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
      case "AWS::StackId":
        return "arn:"
            + partition()
            + ":cloudformation:"
            + region
            + ":"
            + ACCOUNT_ID
            + ":stack/"
            + STACK_NAME
            + "/51af3dc0-da77-11e4-872e-1234567db123";
      case "AWS::NoValue":
        return NO_VALUE;
      default:
        break;
    }
    if (parameters.get(name) instanceof Map<?, ?> p) {
      Object dflt = p.get("Default");
      return dflt == null ? UNRESOLVED : parameterValue(name, dflt);
    }
    return resources.containsKey(name) ? name : UNRESOLVED;
  }

  /** List-typed parameters are lists when referenced; their values are comma-separated. */
  private Object parameterValue(String name, Object value) {
    Object type = parameters.get(name) instanceof Map<?, ?> p ? p.get("Type") : null;
    boolean list =
        type != null && (type.equals("CommaDelimitedList") || type.toString().startsWith("List<"));
    if (list && isScalar(value)) {
      List<Object> items = new ArrayList<>();
      for (String s : text(value).split(",", -1)) {
        items.add(s.strip());
      }
      return items;
    }
    return value;
  }

  private String partition() {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  private Object getAtt(Object arg) {
    Object a = resolve(arg);
    if (!(a instanceof List<?> l) || l.size() != 2 || !isScalar(l.get(0)) || !isScalar(l.get(1))) {
      return UNRESOLVED;
    }
    return getAtt(text(l.get(0)), text(l.get(1)));
  }

  private Object getAtt(String logicalId, String attribute) {
    if (!(resources.get(logicalId) instanceof Map<?, ?> resource) || !attribute.equals("Arn")) {
      return UNRESOLVED;
    }
    String type = String.valueOf(resource.get("Type"));
    String p = partition();
    String tail = region + ":" + ACCOUNT_ID + ":";
    switch (type) {
      case "AWS::SQS::Queue":
        return "arn:" + p + ":sqs:" + tail + logicalId;
      case "AWS::DynamoDB::Table":
        return "arn:" + p + ":dynamodb:" + tail + "table/" + logicalId;
      case "AWS::S3::Bucket":
        return "arn:" + p + ":s3:::" + logicalId;
      case "AWS::IAM::Role":
        return "arn:" + p + ":iam::" + ACCOUNT_ID + ":role/" + logicalId;
      case "AWS::Logs::LogGroup":
        return "arn:" + p + ":logs:" + tail + "log-group:" + logicalId + ":*";
      case "AWS::SNS::Topic":
        return "arn:" + p + ":sns:" + tail + logicalId;
      default:
        // SAM CLI's own fallback: every other ARN is written as a Lambda function's
        return "arn:" + p + ":lambda:" + tail + "function:" + logicalId;
    }
  }

  private Object sub(Object arg) {
    String template;
    Map<?, ?> variables = Map.of();
    if (arg instanceof String s) {
      template = s;
    } else if (arg instanceof List<?> l
        && l.size() == 2
        && l.get(0) instanceof String s
        && l.get(1) instanceof Map<?, ?> vars) {
      template = s;
      variables = vars;
    } else {
      return UNRESOLVED;
    }
    StringBuilder out = new StringBuilder();
    Matcher m = SUB_VARIABLE.matcher(template);
    int last = 0;
    while (m.find()) {
      out.append(template, last, m.start());
      last = m.end();
      String name = m.group(1);
      if (name.startsWith("!")) { // ${!Literal} is written as ${Literal}
        out.append("${").append(name.substring(1)).append('}');
        continue;
      }
      String key = name.strip();
      Object v;
      if (variables.containsKey(key)) {
        v = resolve(variables.get(key));
      } else if (key.contains(".") && !key.startsWith("AWS::")) {
        int dot = key.indexOf('.');
        v = getAtt(key.substring(0, dot), key.substring(dot + 1));
      } else {
        v = ref(key);
      }
      if (!isScalar(v)) {
        return UNRESOLVED;
      }
      out.append(text(v));
    }
    out.append(template, last, template.length());
    return out.toString();
  }

  private Object join(Object arg) {
    if (!(arg instanceof List<?> l) || l.size() != 2 || !(l.get(0) instanceof String delimiter)) {
      return UNRESOLVED;
    }
    Object items = resolve(l.get(1));
    if (!(items instanceof List<?> list)) {
      return UNRESOLVED;
    }
    List<String> parts = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!isScalar(o)) {
        return UNRESOLVED;
      }
      parts.add(text(o));
    }
    return String.join(delimiter, parts);
  }

  private Object select(Object arg) {
    if (!(arg instanceof List<?> l) || l.size() != 2) {
      return UNRESOLVED;
    }
    Object index = resolve(l.get(0));
    Object items = resolve(l.get(1));
    if (!isScalar(index) || !(items instanceof List<?> list)) {
      return UNRESOLVED;
    }
    try {
      int i = Integer.parseInt(text(index));
      return i >= 0 && i < list.size() ? list.get(i) : UNRESOLVED;
    } catch (NumberFormatException e) {
      return UNRESOLVED;
    }
  }

  private Object split(Object arg) {
    if (!(arg instanceof List<?> l) || l.size() != 2 || !(l.get(0) instanceof String delimiter)) {
      return UNRESOLVED;
    }
    Object source = resolve(l.get(1));
    if (!isScalar(source)) {
      return UNRESOLVED;
    }
    return new ArrayList<Object>(List.of(text(source).split(Pattern.quote(delimiter), -1)));
  }

  private Object ifThen(Object arg) {
    if (!(arg instanceof List<?> l) || l.size() != 3 || !(l.get(0) instanceof String name)) {
      return UNRESOLVED;
    }
    Boolean b = namedCondition(name);
    if (b == null) {
      return UNRESOLVED;
    }
    return resolve(b ? l.get(1) : l.get(2));
  }

  private Object findInMap(Object arg) {
    Object a = resolve(arg);
    if (!(a instanceof List<?> l) || l.size() < 3) {
      return UNRESOLVED;
    }
    Object top = mappings.get(text(l.get(0)));
    Object second = top instanceof Map<?, ?> m ? m.get(text(l.get(1))) : null;
    Object value = second instanceof Map<?, ?> m2 ? m2.get(text(l.get(2))) : null;
    return value == null ? UNRESOLVED : value;
  }

  /** The value of a condition named in the template's Conditions; null when it cannot be known. */
  Boolean namedCondition(String name) {
    if (conditionValues.containsKey(name)) {
      return conditionValues.get(name);
    }
    conditionValues.put(name, null); // a condition that refers to itself stays unknown
    Boolean b = conditions.containsKey(name) ? condition(conditions.get(name)) : null;
    conditionValues.put(name, b);
    return b;
  }

  private Boolean condition(Object node) {
    if (node instanceof Boolean b) {
      return b;
    }
    if (!(node instanceof Map<?, ?> m) || m.size() != 1) {
      return null;
    }
    Map.Entry<?, ?> e = m.entrySet().iterator().next();
    String fn = String.valueOf(e.getKey());
    Object arg = e.getValue();
    if (fn.equals("Condition")) {
      return arg instanceof String name ? namedCondition(name) : null;
    }
    if (!(arg instanceof List<?> args)) {
      return null;
    }
    switch (fn) {
      case "Fn::Equals":
        {
          if (args.size() != 2) {
            return null;
          }
          Object a = resolve(args.get(0));
          Object b = resolve(args.get(1));
          if (a == UNRESOLVED || b == UNRESOLVED) {
            return null;
          }
          return isScalar(a) && isScalar(b) ? text(a).equals(text(b)) : a.equals(b);
        }
      case "Fn::Not":
        {
          Boolean b = args.size() == 1 ? condition(args.get(0)) : null;
          return b == null ? null : !b;
        }
      case "Fn::And", "Fn::Or":
        {
          boolean and = fn.equals("Fn::And");
          boolean unknown = false;
          for (Object o : args) {
            Boolean b = condition(o);
            if (b == null) {
              unknown = true;
            } else if (b != and) {
              return !and;
            }
          }
          return unknown ? null : and;
        }
      default:
        return null;
    }
  }

  static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Number || v instanceof Boolean;
  }

  /** A scalar as CloudFormation (and SAM) writes it: booleans in lower case. */
  static String text(Object v) {
    return String.valueOf(v);
  }

  private record Marker(String name) {
    @Override
    public String toString() {
      return name;
    }
  }
}
