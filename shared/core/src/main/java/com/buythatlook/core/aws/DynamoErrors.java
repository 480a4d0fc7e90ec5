package com.buythatlook.core.aws;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The sentence a failed DynamoDB call is reported with, naming the table and what to check. */
public final class DynamoErrors {
  private DynamoErrors() {}

  /**
   * @param what what was being done, e.g. {@code "read look abc"}
   */
  public static String message(String what, String table, SdkException e) {
    if (e instanceof ResourceNotFoundException) {
      return "could not "
          + what
          + ": DynamoDB table '"
          + table
          + "' does not exist in this"
          + " account and region (or is still being created); check the table name the function"
          + " is configured with";
    }
    return "could not " + what + " in DynamoDB table '" + table + "': " + e.getMessage();
  }
}
