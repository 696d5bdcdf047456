package org.fundcheck.clues;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.fundcheck.FundcheckErrors;

/**
 * Which clues of a list a team wants: those of one unit and every unit below it, and/or those with some
 * statuses. An empty status set means every status.
 */
public record ClueFilter(Optional<String> unit, Set<String> statuses) {

  public ClueFilter {
    unit = unit.map(String::trim).filter(u -> !u.isEmpty());
    for (String s : statuses) {
      if (!ClueStatus.ALL.contains(s)) {
        throw FundcheckErrors.unknownClueStatus(s, ClueStatus.ALL);
      }
    }
    statuses = Set.copyOf(new TreeSet<>(statuses));
  }

  /** Every clue. */
  public static ClueFilter all() {
    return new ClueFilter(Optional.empty(), Set.of());
  }

  /** This filter restricted to one unit and every unit below it. */
  public ClueFilter withUnit(String unitCode) {
    return new ClueFilter(Optional.of(unitCode), statuses);
  }

  /** This filter restricted to some statuses; an empty collection keeps every status. */
  public ClueFilter withStatuses(Collection<String> wanted) {
    return new ClueFilter(unit, Set.copyOf(wanted.stream().map(String::trim).toList()));
  }
}
