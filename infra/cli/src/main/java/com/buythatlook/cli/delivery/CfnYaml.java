package com.buythatlook.cli.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation/SAM template into plain maps, lists and scalars, turning the short-form
 * tags into the long form CloudFormation itself sees: {@code !Ref X} → {@code {Ref: X}}, {@code
 * !GetAtt A.B} → {@code {Fn::GetAtt: [A, B]}}, {@code !Condition C} → {@code {Condition: C}} and
 * every other {@code !Name v} → {@code {Fn::Name: v}}. Like the Python YAML loaders SAM and
 * cfn-lint use, it reads YAML 1.1 ({@code yes}/{@code no} are booleans), but keeps unquoted dates
 * as strings, as CloudFormation does ({@code AWSTemplateFormatVersion: 2010-09-09}).
 */
public final class CfnYaml {
  private CfnYaml() {}

  /**
   * @throws org.yaml.snakeyaml.error.YAMLException when the text is not YAML
   */
  public static Object parse(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false); // CloudFormation refuses them too
    return new Yaml(new Constructor(options)).load(text);
  }

  private static final class Constructor extends SafeConstructor {
    Constructor(LoaderOptions options) {
      super(options);
      yamlConstructors.put(Tag.TIMESTAMP, yamlConstructors.get(Tag.STR));
      yamlMultiConstructors.put("!", new ShortForm());
    }

    private final class ShortForm extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        String name = node.getTag().getValue().substring(1);
        Object value;
        if (node instanceof ScalarNode scalar) {
          value = constructScalar(scalar);
        } else if (node instanceof SequenceNode seq) {
          value = new ArrayList<>(constructSequence(seq));
        } else {
          value = constructMapping((MappingNode) node);
        }
        Map<String, Object> longForm = new LinkedHashMap<>(2);
        switch (name) {
          case "Ref", "Condition" -> longForm.put(name, value);
          case "GetAtt" ->
              longForm.put("Fn::GetAtt", value instanceof String s ? splitAtt(s) : value);
          default -> longForm.put("Fn::" + name, value);
        }
        return longForm;
      }
    }
  }

  /** {@code Resource.Attribute}; the attribute may contain dots ({@code Endpoint.Address}). */
  private static List<Object> splitAtt(String s) {
    int dot = s.indexOf('.');
    return dot < 0 ? List.of(s) : List.of(s.substring(0, dot), s.substring(dot + 1));
  }
}
