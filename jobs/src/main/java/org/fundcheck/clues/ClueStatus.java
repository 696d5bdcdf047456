package org.fundcheck.clues;

import java.util.List;

/** The statuses a clue has on a run (rules.md, "Matching clues to inspection findings"). */
public final class ClueStatus {

  /** No finding matches: a lead nobody has written up yet. */
  public static final String NEW = "new";
  /** A matching finding is still being worked on, or was rectified only after the run's date. */
  public static final String KNOWN = "known";
  /** A matching finding was rectified on or before the run's date, yet the anomaly is still in the data. */
  public static final String RECTIFICATION_FAILED = "rectification_failed";
  /** An earlier run reported the clue and this run no longer detects it. */
  public static final String RESOLVED = "resolved";

  /** Every status, in the order a list is read. */
  public static final List<String> ALL = List.of(RECTIFICATION_FAILED, NEW, KNOWN, RESOLVED);

  private ClueStatus() {}
}
