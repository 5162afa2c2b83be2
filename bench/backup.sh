#!/bin/sh
# Backup benchmark: the console's archive writer on a generated TSDB-like directory (default 1200 MiB) against
# `tar czf` of the same directory, verify, and uploading the archive to S3Proxy (own JVM) with the console's S3 sync
# against `/usr/bin/aws s3 cp` to the same server; the console's heap during each. The benchmark JVM runs with a
# small heap (-Xmx, default 128m) to show that memory does not grow with the data.
# Needs about 3.5x the size in free disk space under the work directory (default: a temp dir); everything generated
# is deleted at the end. Usage: bench/backup.sh [MiB (1200)] [work dir] [upload: skip the tar, level-6 and restore-read
# runs | restore: only the level-1 archive, verify and the restore reads]
# HEAP=256m bench/backup.sh … runs it with another -Xmx.
# Results: docs/performance.md, "Backups".
set -e
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test
[ -x /usr/bin/aws ] || { echo "/usr/bin/aws is missing: apt-get install awscli" >&2; exit 1; }
echo "load before: $(cat /proc/loadavg)"
java -Xmx"${HEAP:-128m}" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.neurectomy.console.bench.BackupBench "$@"
echo "load after: $(cat /proc/loadavg)"
