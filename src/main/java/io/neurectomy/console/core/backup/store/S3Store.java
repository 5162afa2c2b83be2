package io.neurectomy.console.core.backup.store;

import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.backup.archive.ArchiveNames;
import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.archive.ArchiveRejectedException;
import io.neurectomy.console.core.backup.archive.CheckRecord;
import io.neurectomy.console.core.backup.archive.DiskErrors;
import io.neurectomy.console.core.backup.archive.Hashes;
import io.neurectomy.console.core.backup.archive.Problem;
import io.neurectomy.console.core.backup.archive.VerifyResult;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.operation.ProgressListener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.FileRequestBodyConfiguration;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.FileUpload;
import software.amazon.awssdk.transfer.s3.progress.TransferListener;

/**
 * Archives in an S3 bucket (AWS or S3-compatible): list, sync (upload what is missing), download for restore, and
 * retention. Built on the AWS SDK v2; with {@link TransferState} the only code that knows about S3 transfers.
 *
 * <p>Each uploaded object carries the SHA-256 of the whole archive file as user metadata
 * ({@code x-amz-meta-sha256}). A sync uploads an archive when the bucket has no object of its name, or one with
 * another size or checksum (an object from a foreign upload is replaced). Archives below
 * {@link S3Settings#multipartThreshold()} go up in one PUT through the SDK's {@link S3TransferManager}; bigger ones
 * in a multipart upload of {@link S3Settings#partSize()} parts whose upload id and finished parts are recorded beside
 * the archive, so that an upload interrupted for good (network, cancel, a killed process) continues at the next sync
 * from the parts S3 holds (ListParts) instead of from zero. The transfer manager's own pause/resume is not used: it
 * needs a {@code pause()} before the interruption, which a lost connection or a killed process never calls. S3
 * makes a multipart object visible only once complete, so an interrupted upload never leaves a partial object under
 * the archive's key. The SDK retries failed requests (its standard retry strategy). The SDK's own request checksums
 * (CRC) are used with AWS and left off (WHEN_REQUIRED) with an endpoint override, which many S3-compatible stores
 * do not support; the SHA-256 above guards the data in both cases.
 *
 * <p>A download goes to a hidden partial file in the backups directory and resumes with a ranged GET after an
 * interruption ({@link #fetch}); the complete file is checked against the object's SHA-256 and verified as an
 * archive, and only then renamed into place.
 *
 * <p>Thread-safe; one instance per settings, closed when done.
 */
public final class S3Store implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Store.class);
    static final String SHA256 = "sha256";
    private static final long POLL_MILLIS = 100;
    /** How often one download call continues in place after its connection dropped. */
    static final int RESUME_ATTEMPTS = 5;
    /** Parts of one multipart upload in flight at once. */
    static final int PARALLEL_PARTS = 4;

    private final S3Settings settings;
    private final Region region;
    private final S3AsyncClient uploadClient;
    private final S3AsyncClient client;
    private final S3TransferManager uploads;
    private final Clock clock;

    /** Connects nothing yet: clients are created, requests start with the first call. */
    public S3Store(S3Settings settings) {
        this(settings, Clock.systemUTC());
    }

    S3Store(S3Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.region = regionOf(settings);
        this.uploadClient = builder().multipartEnabled(true).multipartConfiguration(c -> c
                .thresholdInBytes(settings.multipartThreshold()).minimumPartSizeInBytes(settings.partSize()))
                .build();
        // Downloads and small calls without multipart: the SDK's multipart download fetches by part number, which
        // is not supported everywhere (S3Proxy answers 501); a download resumes with a plain ranged GET instead.
        this.client = builder().multipartEnabled(false).build();
        this.uploads = S3TransferManager.builder().s3Client(uploadClient).build();
    }

    private S3AsyncClientBuilder builder() {
        AwsCredentialsProvider credentials = settings.credentials() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.credentials().accessKeyId(),
                        settings.credentials().secretAccessKey()));
        S3AsyncClientBuilder b = S3AsyncClient.builder().region(region).credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle());
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return b;
    }

    private static Region regionOf(S3Settings settings) {
        if (settings.region() != null && !settings.region().isBlank()) {
            return Region.of(settings.region());
        }
        if (settings.endpoint() != null) {
            // S3-compatible stores mostly ignore the region, and the provider chain would ask the EC2 instance
            // metadata service, which costs seconds off EC2.
            return Region.US_EAST_1;
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new BackupException("No AWS region is set for the S3 bucket " + settings.bucket() + ": set the"
                    + " region in the S3 settings, or AWS_REGION in the environment.");
        }
    }

    /** The settings. */
    public S3Settings settings() {
        return settings;
    }

    /**
     * Checks that the bucket exists and the credentials may list it, for a "Test connection" button and before a
     * sync.
     *
     * @throws BackupException saying what is wrong (credentials, bucket, region, endpoint)
     */
    public void checkAccess() {
        call(client.listObjectsV2(b -> b.bucket(settings.bucket()).prefix(settings.prefix()).maxKeys(1)),
                "listing " + settings.location());
    }

    /** The archives under the prefix, newest first, each with its checksum (one HEAD request per archive). */
    public List<RemoteArchive> list() {
        List<RemoteArchive> out = new ArrayList<>();
        String token = null;
        do {
            String from = token;
            ListObjectsV2Response page = call(client.listObjectsV2(b -> b.bucket(settings.bucket())
                    .prefix(settings.prefix()).continuationToken(from)), "listing " + settings.location());
            for (S3Object o : page.contents()) {
                String name = o.key().substring(settings.prefix().length());
                if (!ArchiveNames.isArchiveName(name)) {
                    continue;
                }
                String sha = head(name).map(RemoteArchive::sha256).orElse(null);
                out.add(new RemoteArchive(name, o.key(), o.size(), o.lastModified(), sha));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        out.sort(Comparator.comparing(RemoteArchive::created).reversed());
        return out;
    }

    /** The archives under the prefix, newest first, with their age against {@code rpo}: to choose one to restore. */
    public BucketListing browse(Duration rpo) {
        return new BucketListing(settings.location(), list(), clock.instant(), rpo);
    }

    /** The archive {@code name} in the bucket, if there. */
    public Optional<RemoteArchive> head(String name) {
        String key = settings.key(name);
        try {
            HeadObjectResponse h = call(client.headObject(b -> b.bucket(settings.bucket()).key(key)),
                    "looking up " + name + " in " + settings.location());
            return Optional.of(new RemoteArchive(name, key, h.contentLength(), h.lastModified(),
                    h.metadata().get(SHA256)));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /**
     * Uploads every archive of {@code dir} the bucket lacks (or holds with another size or checksum), newest first.
     * Archives not yet verified are verified first; damaged ones are not uploaded and listed in the report.
     *
     * @throws BackupException when S3 cannot be reached or refuses; what was uploaded before stays, complete
     */
    public SyncReport sync(BackupDirectory dir, ProgressListener progress, Cancellation cancellation) {
        ProgressListener p = progress == null ? ProgressListener.none() : progress;
        Cancellation c = cancellation == null ? Cancellation.none() : cancellation;
        Map<String, RemoteArchive> remote = new HashMap<>();
        list().forEach(r -> remote.put(r.name(), r));
        List<String> uploaded = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        List<String> there = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        record Todo(ArchiveListing local, String sha256, boolean replace) {
        }
        List<Todo> todo = new ArrayList<>();
        for (ArchiveListing l : dir.list()) {
            c.check();
            if (!ArchiveNames.isArchiveName(l.name())) {
                continue;
            }
            if (l.kind() != ArchiveListing.Kind.ARCHIVE) {
                skipped.add(l.name() + ": " + l.problem());
                continue;
            }
            Optional<CheckRecord> record = CheckRecord.read(l.file());
            String sha;
            if (record.isPresent() && record.get().verified()) {
                sha = record.get().sha256();
            } else if (record.isPresent() && record.get().failed()) {
                skipped.add(l.name() + ": failed verification (" + String.join("; ", record.get().problems()) + ")");
                continue;
            } else {
                p.on(new ProgressEvent.Note("Verifying " + l.name() + " before the upload"));
                VerifyResult v = ArchiveReader.verify(l.file(), p, c);
                if (!v.ok()) {
                    skipped.add(l.name() + ": failed verification (" + v.problems().stream().map(Problem::message)
                            .reduce((a, b) -> a + "; " + b).orElse("") + ")");
                    continue;
                }
                sha = v.sha256();
            }
            RemoteArchive r = remote.get(l.name());
            if (r != null && r.size() == l.size() && sha.equals(r.sha256())) {
                there.add(l.name());
            } else {
                todo.add(new Todo(l, sha, r != null));
            }
        }
        long total = todo.stream().mapToLong(t -> t.local().size()).sum();
        long done = 0;
        for (int i = 0; i < todo.size(); i++) {
            Todo t = todo.get(i);
            p.on(new ProgressEvent.Note("Uploading " + t.local().name() + " (" + (i + 1) + " of " + todo.size() + ")"));
            long before = done;
            upload(t.local().file(), t.sha256(), n -> p.on(new ProgressEvent.Bytes(before + n, total)), c);
            done += t.local().size();
            (t.replace() ? replaced : uploaded).add(t.local().name());
        }
        return new SyncReport(uploaded, replaced, there, skipped, done);
    }

    /**
     * Uploads one archive whose file SHA-256 is {@code sha256}, then checks that the bucket holds it with that size
     * and checksum.
     */
    public RemoteArchive upload(Path archive, String sha256, LongConsumer bytesSent, Cancellation cancellation) {
        String name = archive.getFileName().toString();
        String key = settings.key(name);
        long size;
        try {
            size = Files.size(archive);
        } catch (IOException e) {
            throw new BackupException("Cannot read " + archive + ": " + e.getMessage(), e);
        }
        String doing = "uploading " + name + " to " + settings.location();
        Cancellation c = cancellation == null ? Cancellation.none() : cancellation;
        if (size >= settings.multipartThreshold()) {
            uploadInParts(archive, key, size, sha256, bytesSent, c, doing);
        } else {
            abortStaleUploads(key);
            uploadWhole(archive, key, sha256, bytesSent, c, doing);
        }
        RemoteArchive stored = head(name).orElseThrow(() -> new BackupException("S3 accepted " + name
                + " but does not list it: " + settings.location() + " may be eventually consistent. Sync again."));
        if (stored.size() != size || !sha256.equals(stored.sha256())) {
            throw new BackupException("S3 stored " + name + " with " + stored.size() + " bytes and checksum "
                    + stored.sha256() + " instead of " + size + " bytes and " + sha256 + ". Sync again.");
        }
        return stored;
    }

    /** An archive below the multipart threshold: one PUT (a cancel leaves nothing). */
    private void uploadWhole(Path archive, String key, String sha256, LongConsumer bytesSent, Cancellation c,
            String doing) {
        FileUpload upload = uploads.uploadFile(u -> u.source(archive)
                .putObjectRequest(b -> b.bucket(settings.bucket()).key(key).contentType("application/gzip")
                        .metadata(Map.of(SHA256, sha256)))
                .addTransferListener(new TransferListener() {
                    @Override
                    public void bytesTransferred(Context.BytesTransferred context) {
                        bytesSent.accept(context.progressSnapshot().transferredBytes());
                    }
                }));
        awaitUpload(upload, key, c, doing);
    }

    /**
     * An archive from the multipart threshold on: a multipart upload whose id and finished parts (number, ETag) are
     * recorded in {@code .NAME.upload-state} beside the archive as each part completes. A later upload of the same
     * file (same size, SHA-256 and part size, same bucket and key) asks S3 for the parts it holds (ListParts), keeps
     * those it recorded with the same ETag and size, and sends only the rest; otherwise (or when S3 no longer knows
     * the upload) it starts a new one and aborts the stale ones of the key. S3 shows the object only once the upload
     * is completed, so a partial upload is never taken for the archive. Parts go up {@value #PARALLEL_PARTS} at a
     * time; a cancel or a failure keeps the parts done (and the state) for the next sync.
     */
    private void uploadInParts(Path archive, String key, long size, String sha256, LongConsumer bytesSent,
            Cancellation c, String doing) {
        long partSize = settings.partSize();
        int parts = (int) ((size + partSize - 1) / partSize);
        Path stateFile = BackupDirectory.uploadStateOf(archive);
        Map<Integer, String> done = new java.util.TreeMap<>();
        TransferState state = resumableUpload(stateFile, key, size, sha256, partSize, done, doing);
        String uploadId = state.get("uploadId");
        long already = done.keySet().stream().mapToLong(n -> partLength(n, size, partSize)).sum();
        if (!done.isEmpty()) {
            LOG.info("Resuming the upload of {}: {} of {} parts are in S3 already", key, done.size(), parts);
        }
        bytesSent.accept(already);
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong(already);
        List<Integer> todo = new ArrayList<>();
        for (int n = 1; n <= parts; n++) {
            if (!done.containsKey(n)) {
                todo.add(n);
            }
        }
        Map<Integer, CompletableFuture<String>> running = new HashMap<>();
        int next = 0;
        try {
            while (next < todo.size() || !running.isEmpty()) {
                if (c.isCancelled() || Thread.currentThread().isInterrupted()) {
                    running.values().forEach(f -> f.cancel(true));
                    throw new OperationCancelledException(capitalized(doing) + " was cancelled; the " + done.size()
                            + " of " + parts + " parts uploaded stay in S3 (not as an object) and the next sync"
                            + " continues from there.");
                }
                while (running.size() < PARALLEL_PARTS && next < todo.size()) {
                    int n = todo.get(next++);
                    running.put(n, uploadPart(archive, key, uploadId, n, size, partSize));
                }
                try {
                    CompletableFuture.anyOf(running.values().toArray(new CompletableFuture<?>[0]))
                            .get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    continue;
                } catch (ExecutionException | CompletionException | CancellationException e) {
                    // the failed part is found below
                }
                for (var it = running.entrySet().iterator(); it.hasNext();) {
                    var entry = it.next();
                    CompletableFuture<String> f = entry.getValue();
                    if (!f.isDone()) {
                        continue;
                    }
                    it.remove();
                    String etag;
                    try {
                        etag = f.join();
                    } catch (CompletionException | CancellationException e) {
                        running.values().forEach(other -> other.cancel(true));
                        throw translate(e, doing);
                    }
                    done.put(entry.getKey(), etag);
                    state.put("part." + entry.getKey(), etag);
                    try {
                        state.save();
                    } catch (IOException e) {
                        LOG.warn("Could not record part {} of {} in {}: {}", entry.getKey(), key, stateFile,
                                e.getMessage());
                    }
                    bytesSent.accept(sent.addAndGet(partLength(entry.getKey(), size, partSize)));
                }
            }
            List<CompletedPart> completed = done.entrySet().stream().map(e -> CompletedPart.builder()
                    .partNumber(e.getKey()).eTag(e.getValue()).build()).toList();
            call(client.completeMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(completed))), doing);
            state.delete();
        } catch (IOException e) {
            LOG.warn("Could not remove the upload state {}: {}", stateFile, e.getMessage());
        }
    }

    /**
     * The multipart upload to continue (its parts done put into {@code done}) or a new one; either way recorded in
     * {@code stateFile}.
     */
    private TransferState resumableUpload(Path stateFile, String key, long size, String sha256, long partSize,
            Map<Integer, String> done, String doing) {
        Optional<TransferState> old = TransferState.read(stateFile);
        String endpoint = settings.endpoint() == null ? "aws:" + region.id() : settings.endpoint().toString();
        if (old.isPresent() && old.get().holds("bucket", settings.bucket()) && old.get().holds("key", key)
                && old.get().holds("endpoint", endpoint) && old.get().holds("sha256", sha256)
                && old.get().getLong("size") == size && old.get().getLong("partSize") == partSize
                && old.get().get("uploadId") != null) {
            String uploadId = old.get().get("uploadId");
            Map<String, String> recorded = old.get().withPrefix("part.");
            try {
                Integer marker = null;
                while (true) {
                    Integer from = marker;
                    ListPartsResponse page = call(client.listParts(b -> b.bucket(settings.bucket()).key(key)
                            .uploadId(uploadId).partNumberMarker(from)), doing);
                    for (Part part : page.parts()) {
                        String mine = recorded.get(String.valueOf(part.partNumber()));
                        if (mine != null && mine.equals(part.eTag())
                                && part.size() == partLength(part.partNumber(), size, partSize)) {
                            done.put(part.partNumber(), part.eTag());
                        }
                    }
                    if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextPartNumberMarker() == null) {
                        break;
                    }
                    marker = page.nextPartNumberMarker();
                }
                TransferState state = old.get();
                recorded.keySet().forEach(n -> state.put("part." + n, null));
                done.forEach((n, etag) -> state.put("part." + n, etag));
                return state;
            } catch (NotFound e) {
                LOG.info("S3 no longer knows the interrupted upload of {}; starting it again", key);
                done.clear();
            }
        }
        abortStaleUploads(key);
        CreateMultipartUploadResponse created = call(client.createMultipartUpload(b -> b.bucket(settings.bucket())
                .key(key).contentType("application/gzip").metadata(Map.of(SHA256, sha256))), doing);
        TransferState state = TransferState.create(stateFile).put("bucket", settings.bucket()).put("key", key)
                .put("endpoint", endpoint).put("sha256", sha256).put("size", size).put("partSize", partSize)
                .put("uploadId", created.uploadId());
        try {
            state.save();
        } catch (IOException e) {
            LOG.warn("Could not record the upload of {} in {} (it cannot be resumed): {}", key, stateFile,
                    e.getMessage());
        }
        return state;
    }

    private CompletableFuture<String> uploadPart(Path archive, String key, String uploadId, int n, long size,
            long partSize) {
        long offset = (n - 1) * partSize;
        long length = partLength(n, size, partSize);
        return client.uploadPart(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId).partNumber(n)
                .contentLength(length), AsyncRequestBody.fromFile(FileRequestBodyConfiguration.builder()
                .path(archive).position(offset).numBytesToRead(length).build()))
                .thenApply(UploadPartResponse::eTag);
    }

    private static long partLength(int n, long size, long partSize) {
        return Math.min(partSize, size - (n - 1) * partSize);
    }

    /**
     * Downloads archive {@code name} into {@code dir} for a restore; see {@link #fetch}.
     *
     * @return the archive file in {@code dir}
     */
    public Path download(String name, BackupDirectory dir, ProgressListener progress, Cancellation cancellation) {
        return fetch(name, dir, progress, cancellation).file();
    }

    /**
     * What a download did.
     *
     * @param file        the archive in the backups directory, checked and verified
     * @param remote      the object it came from
     * @param resumedFrom the byte the transfer continued from (0 when it started from the beginning)
     * @param transferred the bytes fetched from S3 by this call (0 when an identical archive was already there)
     */
    public record Download(Path file, RemoteArchive remote, long resumedFrom, long transferred) {
    }

    /**
     * Downloads archive {@code name} into {@code dir} for a restore, resuming an interrupted download: the bytes go
     * to a hidden partial file ({@code .NAME.download-part}, with the object's key, ETag, size and SHA-256 recorded
     * beside it in {@code .NAME.download-state}); a later call for the same object continues with a ranged GET from
     * where the partial file ends, and starts again from zero when the object changed meanwhile (another ETag, size
     * or checksum). A dropped connection is resumed in place up to {@value #RESUME_ATTEMPTS} times. Once complete,
     * the whole file is checked against the object's SHA-256 and verified as an archive, and only then renamed into
     * place (and recorded as verified): a partial or damaged file never carries the archive's name. When an
     * identical archive is already there, nothing is downloaded.
     *
     * @throws ArchiveRejectedException when the downloaded archive is damaged (nothing is kept)
     * @throws BackupException          when the archive is not in the bucket, its checksum does not match (nothing
     *                                  is kept), a different archive of that name is already there, or the transfer
     *                                  fails (the partial file is kept for the next attempt)
     * @throws OperationCancelledException when cancelled (the partial file is kept for the next attempt)
     */
    public Download fetch(String name, BackupDirectory dir, ProgressListener progress, Cancellation cancellation) {
        ProgressListener p = progress == null ? ProgressListener.none() : progress;
        Cancellation c = cancellation == null ? Cancellation.none() : cancellation;
        String key = settings.key(name);
        HeadObjectResponse head;
        try {
            head = call(client.headObject(b -> b.bucket(settings.bucket()).key(key)),
                    "looking up " + name + " in " + settings.location());
        } catch (NotFound e) {
            throw new BackupException("There is no archive " + name + " in " + settings.location() + ". List the"
                    + " bucket to see which there are.", e);
        }
        RemoteArchive remote = new RemoteArchive(name, key, head.contentLength(), head.lastModified(),
                head.metadata().get(SHA256));
        Path target = dir.resolve(name);
        try {
            Files.createDirectories(dir.dir());
            if (Files.exists(target)) {
                String local = CheckRecord.read(target).map(CheckRecord::sha256).orElse(Hashes.sha256(target));
                if (local.equals(remote.sha256())) {
                    return new Download(target, remote, 0, 0);
                }
                throw new BackupException("A different " + name + " is already in " + dir.dir() + ". Move it away"
                        + " (or verify it and use it) before downloading the one from S3.");
            }
        } catch (IOException e) {
            throw new BackupException("Cannot use the backups directory " + dir.dir() + ": " + e.getMessage(), e);
        }
        Path part = dir.dir().resolve(BackupDirectory.downloadPartName(name));
        Path stateFile = dir.dir().resolve(BackupDirectory.downloadStateName(name));
        String doing = "downloading " + name + " from " + settings.location();
        boolean discard = false;
        try {
            long resumedFrom = startOrResume(part, stateFile, remote, head.eTag());
            if (resumedFrom > 0) {
                p.on(new ProgressEvent.Note("Resuming the download of " + name + " at byte " + resumedFrom + " of "
                        + remote.size()));
            } else {
                p.on(new ProgressEvent.Note("Downloading " + name));
            }
            long transferred = 0;
            int attempts = 0;
            while (Files.size(part) < remote.size()) {
                long from = Files.size(part);
                try {
                    transferred += fetchRange(remote, head.eTag(), part, from, p, c, doing);
                    if (Files.size(part) < remote.size() && ++attempts >= RESUME_ATTEMPTS) {
                        // Answers that end early without an error, again and again: stop rather than ask forever.
                        throw new BackupException("The S3 endpoint " + settings.location() + " keeps ending the"
                                + " download of " + name + " early (" + Files.size(part) + " of " + remote.size()
                                + " bytes). The bytes fetched are kept in " + part + "; check the endpoint and"
                                + " download again to continue from there.");
                    }
                } catch (InterruptedTransfer e) {
                    transferred += e.bytes;
                    if (c.isCancelled()) {
                        throw new OperationCancelledException(capitalized(doing) + " was cancelled; the "
                                + Files.size(part) + " bytes fetched are kept and the next download continues from"
                                + " there.");
                    }
                    if (e.bytes == 0 || ++attempts >= RESUME_ATTEMPTS) {
                        throw new BackupException(capitalized(doing) + " was interrupted (" + describeChain(e
                                .getCause()) + "). The " + Files.size(part) + " of " + remote.size() + " bytes"
                                + " fetched are kept in " + part + "; download again to continue from there.",
                                e.getCause());
                    }
                    LOG.info("Download of {} interrupted at byte {}; resuming", name, Files.size(part));
                    p.on(new ProgressEvent.Note("Resuming the download of " + name + " at byte " + Files.size(part)));
                }
            }
            c.check();
            discard = true;
            if (Files.size(part) != remote.size()) {
                throw new BackupException("The download of " + name + " has " + Files.size(part) + " bytes where S3"
                        + " lists " + remote.size() + ". Download it again.");
            }
            p.on(new ProgressEvent.Note("Checking " + name));
            String sha = Hashes.sha256(part);
            if (remote.sha256() != null && !sha.equals(remote.sha256())) {
                throw new BackupException("The archive " + name + " in " + settings.location() + " does not match"
                        + " its checksum in S3 (SHA-256 " + sha + " where " + remote.sha256() + " was recorded at"
                        + " the upload): it is damaged. The download was discarded; use another backup.");
            }
            p.on(new ProgressEvent.Note("Verifying " + name));
            VerifyResult v = ArchiveReader.scan(part, p, c);
            if (!v.ok()) {
                throw new ArchiveRejectedException(new VerifyResult(target, v.manifest(), v.problems(), v.size(),
                        v.sha256()));
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            CheckRecord.write(target, sha, clock.instant(), List.of());
            return new Download(target, remote, resumedFrom, transferred);
        } catch (ObjectChanged e) {
            discard = true;
            throw e;
        } catch (IOException e) {
            if (DiskErrors.isDiskFull(e, dir.dir())) {
                throw new BackupException("Disk full while downloading " + name + " into " + dir.dir() + ": free "
                        + DiskErrors.megabytes(remote.size()) + " MB or choose another backups directory.", e);
            }
            throw new BackupException("Writing the download of " + name + " into " + dir.dir() + " failed: "
                    + e.getMessage(), e);
        } finally {
            // A partial file stays for the next attempt after a cancel or a transfer failure; a complete file that
            // failed its checks, or bytes of an object that changed, go.
            if (discard || !Files.exists(part)) {
                try {
                    Files.deleteIfExists(part);
                    Files.deleteIfExists(stateFile);
                } catch (IOException e) {
                    LOG.warn("Could not delete the partial download {}: {}", part, e.getMessage());
                }
            }
        }
    }

    /**
     * Keeps the partial file when the recorded state describes the same object, else starts it afresh; returns
     * the byte the download continues from.
     */
    private long startOrResume(Path part, Path stateFile, RemoteArchive remote, String etag) throws IOException {
        Optional<TransferState> old = TransferState.read(stateFile);
        if (old.isPresent() && Files.isRegularFile(part) && old.get().holds("bucket", settings.bucket())
                && old.get().holds("key", remote.key()) && old.get().holds("etag", etag)
                && old.get().getLong("size") == remote.size() && old.get().holds("sha256", remote.sha256())
                && Files.size(part) <= remote.size()) {
            return Files.size(part);
        }
        if (old.isPresent() || Files.exists(part)) {
            LOG.info("Discarding a partial download of {}: the object in S3 changed since", remote.name());
        }
        Files.deleteIfExists(part);
        Files.createFile(part);
        TransferState.create(stateFile).put("bucket", settings.bucket()).put("key", remote.key()).put("etag", etag)
                .put("size", remote.size()).put("sha256", remote.sha256()).save();
        return 0;
    }

    /**
     * Appends the object's bytes from {@code from} on to {@code part}. The GET names the ETag ({@code If-Match}),
     * so bytes of a changed object are never appended.
     *
     * @return the bytes fetched
     * @throws InterruptedTransfer when the connection drops or the user cancels (the bytes so far are in the file)
     */
    private long fetchRange(RemoteArchive remote, String etag, Path part, long from, ProgressListener p,
            Cancellation c, String doing) throws IOException, InterruptedTransfer {
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = await(client.getObject(b -> {
                b.bucket(settings.bucket()).key(remote.key()).ifMatch(etag);
                if (from > 0) {
                    b.range("bytes=" + from + "-");
                }
            }, AsyncResponseTransformer.toBlockingInputStream()), c, doing);
        } catch (BackupException e) {
            if (e.getCause() instanceof S3Exception s3 && s3.statusCode() == 412) {
                throw new ObjectChanged(remote.name() + " changed in " + settings.location() + " while it was"
                        + " being downloaded. Download again: the new object is fetched from the start.", e);
            }
            throw e;
        }
        long start = from == 0 ? 0 : answeredFrom(in.response().contentRange());
        if (start != from) {
            if (start != 0) {
                in.abort();
                throw new BackupException("The S3 endpoint " + settings.location() + " answered a download of "
                        + remote.name() + " from byte " + from + " with " + (start < 0 ? "an unreadable range"
                        : "bytes from " + start) + "; the bytes kept"
                        + " were not changed. Check the endpoint (a proxy in the way?) and download again.");
            }
            // An endpoint (or a proxy in the way) that ignores Range sends the whole object: start the file over
            // rather than append its first bytes after the ones already kept.
            LOG.info("The S3 endpoint answered a ranged download of {} with the whole object; fetching it from the"
                    + " start", remote.name());
            p.on(new ProgressEvent.Note("The S3 endpoint does not resume downloads: fetching " + remote.name()
                    + " from the start"));
        }
        long got = 0;
        byte[] buffer = new byte[256 * 1024];
        try (in; OutputStream out = start == 0
                ? Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)
                : Files.newOutputStream(part, StandardOpenOption.APPEND)) {
            while (true) {
                if (c.isCancelled()) {
                    in.abort();
                    throw new InterruptedTransfer(got, new OperationCancelledException());
                }
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException | RuntimeException e) {
                    throw new InterruptedTransfer(got, e);
                }
                if (n < 0) {
                    return got;
                }
                if (start + got + n > remote.size()) {
                    // Never more than the listed size reaches the disk, whatever the endpoint sends.
                    in.abort();
                    throw new BackupException("The S3 endpoint " + settings.location() + " sent more than the "
                            + remote.size() + " bytes it lists for " + remote.name() + "; the download was stopped"
                            + " there. Check the endpoint (a proxy in the way?) and download again.");
                }
                out.write(buffer, 0, n);
                got += n;
                p.on(new ProgressEvent.Bytes(start + got, remote.size()));
            }
        }
    }

    /**
     * The first byte an answer carries, from its {@code Content-Range} ({@code bytes FROM-TO/SIZE}); 0 for an answer
     * without one, which carries the whole object (an endpoint that ignores Range answers 200 so).
     */
    static long answeredFrom(String contentRange) {
        if (contentRange == null || contentRange.isBlank()) {
            return 0;
        }
        String text = contentRange.strip();
        int dash = text.indexOf('-');
        if (!text.regionMatches(true, 0, "bytes ", 0, 6) || dash < 6) {
            return -1;
        }
        try {
            return Long.parseLong(text.substring(6, dash).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The object changed between the HEAD and the GET ({@code If-Match} failed). */
    private static final class ObjectChanged extends BackupException {
        private static final long serialVersionUID = 1L;

        ObjectChanged(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A download stopped part way; {@link #bytes} were appended before it did. */
    private static final class InterruptedTransfer extends Exception {
        private static final long serialVersionUID = 1L;
        private final long bytes;

        InterruptedTransfer(long bytes, Throwable cause) {
            super(cause);
            this.bytes = bytes;
        }
    }

    /** What {@code policy} would delete in the bucket now. Changes nothing. */
    public RetentionPlan planRetention(RetentionPolicy policy, Instant now) {
        return policy.plan(list().stream().map(r -> new RetentionPlan.Item(r.name(), r.created(), r.size()))
                .toList(), now);
    }

    /** Deletes the objects {@code plan} says (after the user confirmed it). Returns the names deleted. */
    public List<String> applyRetention(RetentionPlan plan) {
        List<String> deleted = new ArrayList<>();
        for (RetentionPlan.Item item : plan.delete()) {
            if (!ArchiveNames.isArchiveName(item.name())) {
                continue;
            }
            call(client.deleteObject(b -> b.bucket(settings.bucket()).key(settings.key(item.name()))),
                    "deleting " + item.name() + " from " + settings.location() + " (deleted so far: " + deleted
                            + ")");
            deleted.add(item.name());
        }
        return deleted;
    }

    /**
     * Waits for an upload, polling the cancellation. A cancelled upload is paused (no part starts and no completion
     * is sent afterwards), its multipart upload aborted, and an object that completed in the meantime removed, so
     * that a cancel leaves nothing in the bucket.
     */
    private void awaitUpload(FileUpload upload, String key, Cancellation cancellation, String doing) {
        while (true) {
            if (cancellation.isCancelled() || Thread.currentThread().isInterrupted()) {
                boolean interrupted = Thread.interrupted();
                stopUpload(upload, key);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw new OperationCancelledException(capitalized(doing) + " was cancelled; nothing partial was"
                        + " kept.");
            }
            try {
                upload.completionFuture().get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (cancellation.isCancelled()) {
                    // Cancelled while the last bytes went out: the user asked for nothing to be kept.
                    stopUpload(upload, key);
                    throw new OperationCancelledException(capitalized(doing) + " was cancelled; nothing partial"
                            + " was kept.");
                }
                return;
            } catch (TimeoutException e) {
                // poll the cancellation again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | CompletionException | CancellationException e) {
                throw translate(e, doing);
            }
        }
    }

    /** Best effort: stops an upload of {@code key} and removes whatever it left. */
    private void stopUpload(FileUpload upload, String key) {
        try {
            upload.pause().multipartUploadId().ifPresent(id -> {
                try {
                    client.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(id))
                            .get(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    LOG.debug("Could not abort the multipart upload of {}: {}", key, e.toString());
                }
            });
        } catch (RuntimeException e) {
            upload.completionFuture().cancel(true);
            LOG.debug("Could not pause the upload of {}: {}", key, e.toString());
        }
        // The upload may have completed just before the pause: then the object is there, and goes.
        try {
            client.deleteObject(b -> b.bucket(settings.bucket()).key(key)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("Could not remove {} after a cancelled upload: {}", key, e.toString());
        }
        abortStaleUploads(key);
    }

    /**
     * Best effort: a multipart upload of {@code key} left by an interrupted sync and not continued (the archive
     * changed, or its upload state is gone) would only cost storage.
     */
    private void abortStaleUploads(String key) {
        try {
            ListMultipartUploadsResponse r = client.listMultipartUploads(b -> b.bucket(settings.bucket())
                    .prefix(key)).get(30, TimeUnit.SECONDS);
            for (MultipartUpload u : r.uploads()) {
                if (u.key().equals(key)) {
                    client.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(u.uploadId()))
                            .get(30, TimeUnit.SECONDS);
                    LOG.info("Aborted an interrupted multipart upload of {} (started {})", key, u.initiated());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCancelledException();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("Could not look for interrupted uploads of {}: {}", key, e.toString());
        }
    }

    private <T> T call(CompletableFuture<T> future, String doing) {
        return await(future, Cancellation.none(), doing);
    }

    private <T> T await(CompletableFuture<T> future, Cancellation cancellation, String doing) {
        while (true) {
            if (cancellation.isCancelled()) {
                future.cancel(true);
                throw new OperationCancelledException(capitalized(doing) + " was cancelled; nothing partial was"
                        + " kept.");
            }
            try {
                return future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // poll the cancellation again
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new OperationCancelledException(capitalized(doing) + " was interrupted.");
            } catch (ExecutionException | CompletionException | CancellationException e) {
                throw translate(e, doing);
            }
        }
    }

    /** Thrown inside this class for a 404 that the caller expects. */
    private static final class NotFound extends BackupException {
        private static final long serialVersionUID = 1L;

        NotFound(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Turns an SDK failure into a message that says what to do. */
    RuntimeException translate(Throwable thrown, String doing) {
        Throwable t = thrown;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            return new OperationCancelledException(capitalized(doing) + " was cancelled.");
        }
        if (t instanceof io.neurectomy.console.core.ConsoleException b) {
            return b;
        }
        String endpoint = settings.endpoint() != null ? settings.endpoint().toString()
                : "S3 in region " + region.id();
        if (t instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code)) {
                return new BackupException("The bucket " + settings.bucket() + " does not exist at " + endpoint
                        + ". Create it, or fix the bucket (and region) in the S3 settings.", s3);
            }
            if (status == 404 || t instanceof NoSuchKeyException) {
                return new NotFound("Not found while " + doing + ".", s3);
            }
            if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)
                    || "InvalidClientTokenId".equals(code) || "ExpiredToken".equals(code)) {
                return new BackupException("S3 rejected the credentials while " + doing + " (" + code + "): the"
                        + " access key is unknown, the secret key is wrong or the token expired. Check"
                        + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the AWS profile).", s3);
            }
            if (status == 403) {
                return new BackupException("S3 denied access while " + doing + (code == null ? "" : " (" + code
                        + ")") + ": the credentials are wrong, or lack permission on bucket " + settings.bucket()
                        + " (s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject, s3:AbortMultipartUpload)."
                        + " Check the credentials or ask for that permission.", s3);
            }
            if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
                return new BackupException("The bucket " + settings.bucket() + " is in another region than "
                        + region.id() + ". Set its region in the S3 settings.", s3);
            }
            return new BackupException("S3 answered " + status + (code == null ? "" : " " + code) + " while "
                    + doing + ": " + s3.getMessage(), s3);
        }
        String chain = describeChain(t);
        String lower = chain.toLowerCase(Locale.ROOT);
        if (lower.contains("unable to load credentials")) {
            return new BackupException("No AWS credentials were found for " + doing + ": set AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY, or an AWS profile (AWS_PROFILE, ~/.aws/credentials).", t);
        }
        if (lower.contains("no space left")) {
            return new BackupException("Disk full while " + doing + ": free space or choose another backups"
                    + " directory.", t);
        }
        if (hasCause(t, ConnectException.class) || hasCause(t, UnknownHostException.class)
                || hasCause(t, IOException.class) || t instanceof SdkClientException) {
            String again = doing.startsWith("downloading") ? "download again: it continues from the bytes already"
                    + " fetched." : "sync again: a later sync uploads what is missing (continuing an interrupted"
                    + " upload from its parts), and no partial object is left in the bucket.";
            return new BackupException("Cannot reach " + endpoint + " while " + doing + " (" + chain + "). Check"
                    + " the endpoint and region settings, the network or VPN, and " + again, t);
        }
        return new BackupException("S3 failed while " + doing + ": " + chain, t);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String describeChain(Throwable t) {
        StringBuilder b = new StringBuilder();
        String last = null;
        for (Throwable c = t; c != null && b.length() < 400; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            if (last == null || !last.contains(m)) {
                b.append(b.length() == 0 ? "" : ": ").append(m);
            }
            last = m;
        }
        return b.toString();
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The endpoint requests go to (for messages and tests). */
    public URI endpoint() {
        return settings.endpoint();
    }

    @Override
    public void close() {
        uploads.close();
        uploadClient.close();
        client.close();
    }
}
