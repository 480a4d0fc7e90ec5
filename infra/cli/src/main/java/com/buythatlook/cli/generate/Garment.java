package com.buythatlook.cli.generate;

import com.buythatlook.core.catalog.Category;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Every garment shape the generator draws: three recognisable variants per category. */
enum Garment {
  T_SHIRT(Category.TOPS, "t-shirt", TorsoGarments::tShirt),
  TANK_TOP(Category.TOPS, "tank top", TorsoGarments::tankTop),
  LONG_SLEEVE_TOP(Category.TOPS, "long-sleeve top", TorsoGarments::longSleeve),
  JACKET(Category.OUTERWEAR, "jacket", TorsoGarments::jacket),
  LONG_COAT(Category.OUTERWEAR, "long coat", TorsoGarments::longCoat),
  PUFFER_VEST(Category.OUTERWEAR, "puffer vest", TorsoGarments::pufferVest),
  A_LINE_DRESS(Category.DRESSES, "A-line dress", TorsoGarments::aLineDress),
  SHEATH_DRESS(Category.DRESSES, "sheath dress", TorsoGarments::sheathDress),
  MAXI_DRESS(Category.DRESSES, "maxi dress", TorsoGarments::maxiDress),
  STRAIGHT_PANTS(Category.PANTS, "straight trousers", LegGarments::straightPants),
  WIDE_LEG_PANTS(Category.PANTS, "wide-leg trousers", LegGarments::wideLegPants),
  CROPPED_PANTS(Category.PANTS, "cropped trousers", LegGarments::croppedPants),
  FULL_LEGGINGS(Category.LEGGINGS, "leggings", LegGarments::fullLeggings),
  CAPRI_LEGGINGS(Category.LEGGINGS, "capri leggings", LegGarments::capriLeggings),
  BIKE_SHORTS(Category.LEGGINGS, "bike shorts", LegGarments::bikeShorts),
  A_LINE_SKIRT(Category.SKIRTS, "A-line skirt", LegGarments::aLineSkirt),
  PENCIL_SKIRT(Category.SKIRTS, "pencil skirt", LegGarments::pencilSkirt),
  PLEATED_MINI(Category.SKIRTS, "pleated mini skirt", LegGarments::pleatedMini),
  SNEAKERS(Category.FOOTWEAR, "sneakers", Accessories::sneakers),
  ANKLE_BOOTS(Category.FOOTWEAR, "ankle boots", Accessories::ankleBoots),
  HEELS(Category.FOOTWEAR, "heels", Accessories::heels),
  TOTE(Category.BAGS, "tote bag", Accessories::tote),
  CLUTCH(Category.BAGS, "clutch", Accessories::clutch),
  BACKPACK(Category.BAGS, "backpack", Accessories::backpack),
  CLASSIC_BELT(Category.BELTS, "belt", Accessories::classicBelt),
  WIDE_BELT(Category.BELTS, "wide belt", Accessories::wideBelt),
  RING_BELT(Category.BELTS, "double-ring belt", Accessories::ringBelt),
  CAP(Category.HATS, "cap", Headwear::cap),
  WIDE_BRIM_HAT(Category.HATS, "wide-brim hat", Headwear::wideBrimHat),
  BEANIE(Category.HATS, "beanie", Headwear::beanie),
  ROUND_GLASSES(Category.EYEWEAR, "round sunglasses", Headwear::roundGlasses),
  SQUARE_GLASSES(Category.EYEWEAR, "square sunglasses", Headwear::squareGlasses),
  AVIATORS(Category.EYEWEAR, "aviator sunglasses", Headwear::aviators);

  private final Category category;
  private final String displayName;
  private final Supplier<GarmentDrawing> builder;

  Garment(Category category, String displayName, Supplier<GarmentDrawing> builder) {
    this.category = category;
    this.displayName = displayName;
    this.builder = builder;
  }

  Category category() {
    return category;
  }

  String displayName() {
    return displayName;
  }

  /** The shape, built once (geometry is the same for every product of this garment). */
  GarmentDrawing drawing() {
    return Drawings.ALL.get(this);
  }

  static List<Garment> of(Category category) {
    return Drawings.BY_CATEGORY.get(category);
  }

  /** Built on first use, after the enum constants exist. */
  private static final class Drawings {
    static final Map<Garment, GarmentDrawing> ALL = new EnumMap<>(Garment.class);
    static final Map<Category, List<Garment>> BY_CATEGORY = new EnumMap<>(Category.class);

    static {
      for (Garment g : values()) {
        ALL.put(g, g.builder.get());
        BY_CATEGORY.computeIfAbsent(g.category, c -> new ArrayList<>()).add(g);
      }
    }
  }
}
