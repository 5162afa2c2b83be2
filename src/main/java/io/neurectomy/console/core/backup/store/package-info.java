/** Where backups are kept: the local backups directory and an S3 bucket, their listings and retention. */
package io.neurectomy.console.core.backup.store;
