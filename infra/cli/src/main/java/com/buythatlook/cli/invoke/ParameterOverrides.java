package com.buythatlook.cli.invoke;

import com.buythatlook.cli.console.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --parameter-overrides} in either of the forms {@code sam} accepts: {@code Name=Value} or
 * {@code ParameterKey=Name,ParameterValue=Value}, several per argument separated by spaces, a value
 * in single or double quotes when it holds spaces.
 */
final class ParameterOverrides {
  private static final String VALUE = "(\"(?:\\\\.|[^\"\\\\])*\"|'[^']*'|\\S*)";
  private static final Pattern PAIR =
      Pattern.compile(
          "\\s*(?:ParameterKey=([A-Za-z0-9:]+),ParameterValue="
              + VALUE
              + "|([A-Za-z0-9:]+)="
              + VALUE
              + ")\\s*");

  private ParameterOverrides() {}

  static Map<String, String> parse(List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String arg : args) {
      Matcher m = PAIR.matcher(arg);
      int at = 0;
      while (at < arg.length()) {
        if (!m.find(at) || m.start() != at) {
          throw new UserError(
              "--parameter-overrides takes Name=Value or"
                  + " ParameterKey=Name,ParameterValue=Value; cannot read '"
                  + arg.substring(at).strip()
                  + "'");
        }
        String name = m.group(1) != null ? m.group(1) : m.group(3);
        String value = m.group(1) != null ? m.group(2) : m.group(4);
        out.put(name, unquote(value));
        at = m.end();
      }
    }
    return out;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      return v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
    }
    if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }
}
