/** The backup, restore and S3 sync operations, planned and run through {@code core.operation}. */
package io.neurectomy.console.core.backup.operations;
