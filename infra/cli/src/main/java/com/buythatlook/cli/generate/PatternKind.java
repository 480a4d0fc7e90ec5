package com.buythatlook.cli.generate;

/** The kinds of surface pattern a product can have; the name is what products.jsonl records. */
enum PatternKind {
  SOLID("solid"),
  STRIPES("striped"),
  CHECKS("checked"),
  DOTS("polka dot"),
  CAMO("camouflage"),
  MARBLE("marble"),
  LEOPARD("leopard"),
  LOGO("logo"),
  CHEVRON("chevron"),
  COLOUR_BLOCK("colour block");

  private final String wireName;

  PatternKind(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }
}
