package org.fundcheck;

/**
 * A failure the user can act on: the message is one line saying what went wrong, why, and how to fix
 * it. The command line prints it alone and exits non-zero. Made only by {@link FundcheckErrors}.
 */
public final class FundcheckException extends RuntimeException {

  FundcheckException(String message) {
    super(message);
  }

  FundcheckException(String message, Throwable cause) {
    super(message, cause);
  }
}
