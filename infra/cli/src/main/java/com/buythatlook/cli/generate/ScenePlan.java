package com.buythatlook.cli.generate;

import java.util.List;

/**
 * Who is in a street photo and what they wear.
 *
 * @param people back to front (the order they are painted in)
 * @param itemCount how many worn items, numbered 1…itemCount across people
 * @param forcedWorn whether the category the photo had to show is worn by someone
 */
record ScenePlan(List<Person> people, int itemCount, boolean forcedWorn) {}
