#!/bin/sh
# Resumed S3 transfer against a full restart of the same transfer: an archive (default 256 MiB of random bytes) is
# uploaded to an in-process S3Proxy (filesystem store) through a byte-counting relay, cancelled half way, then sent
# again either resumed (the console's recorded multipart upload / partial download) or from zero (its state removed
# first); the same for a download. Prints the second attempt's time and bytes on the wire.
# Usage: bench/s3-resume.sh [MiB (256)] [runs (3)]
# Results: docs/performance.md, "Resumed S3 transfers".
set -e
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test
echo "load before: $(cat /proc/loadavg)"
java -Xmx256m -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.neurectomy.console.bench.S3ResumeBench "$@"
echo "load after: $(cat /proc/loadavg)"
