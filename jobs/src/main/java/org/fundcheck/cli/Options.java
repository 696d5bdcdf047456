package org.fundcheck.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.fundcheck.FundcheckErrors;

/** Parsing of option values shared by the commands, with the project's own error messages. */
final class Options {

  private Options() {}

  static LocalDate date(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw FundcheckErrors.badDate(option, value);
    }
  }
}
