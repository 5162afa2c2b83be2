/** The backup archive format: writing, verifying and reading {@code full_YYYYMMDDhhmmss.tar.gz} archives. */
package io.neurectomy.console.core.backup.archive;
