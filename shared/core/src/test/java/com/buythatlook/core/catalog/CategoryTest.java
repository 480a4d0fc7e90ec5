package com.buythatlook.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CategoryTest {
  @Test
  void wireNamesRoundTripAndUnknownNamesListTheChoices() {
    assertThat(Category.values()).hasSize(11);
    for (Category c : Category.values()) {
      assertThat(Category.fromWireName(c.wireName())).isSameAs(c);
    }
    assertThatThrownBy(() -> Category.fromWireName("shirts"))
        .hasMessageContaining("unknown category 'shirts'")
        .hasMessageContaining("tops");
  }

  @Test
  void jsonUsesTheWireName() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(json.writeValueAsString(Category.OUTERWEAR)).isEqualTo("\"outerwear\"");
    assertThat(json.readValue("\"skirts\"", Category.class)).isEqualTo(Category.SKIRTS);
  }
}
