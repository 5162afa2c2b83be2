package io.neurectomy.console.sandbox.api;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.neurectomy.console.sandbox.KubeStatus;
import io.neurectomy.console.sandbox.LabelSelectors;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Eviction API ({@code POST /api/v1/namespaces/NS/pods/NAME/eviction}) with the rules of a real API server, on
 * top of the mock server's CRUD store, so that {@code kubectl drain} and fabric8's {@code evict()} meet the sandbox's
 * PodDisruptionBudgets as they would meet a cluster's.
 *
 * <p>The rules, as Kubernetes applies them:
 * <ul>
 * <li>a pod that is finished, Pending or already being deleted goes without looking at budgets;</li>
 * <li>a pod covered by no budget goes; by more than one, the eviction fails (500), as the real subresource refuses
 * to choose (a budget with an empty selector covers nothing);</li>
 * <li>a pod that is not ready goes without spending the budget while the budget is healthy
 * ({@code currentHealthy >= desiredHealthy > 0}), or always with {@code unhealthyPodEvictionPolicy: AlwaysAllow};</li>
 * <li>otherwise (an unready pod of a budget requiring no healthy pod included) the budget must have observed its
 * latest spec and allow a disruption: then
 * {@code status.disruptionsAllowed} is decremented and the pod recorded in {@code status.disruptedPods} (so the
 * reconciler does not count it healthy again before it is gone) in the same step, and the pod is deleted; if it
 * allows none, the answer is 429 TooManyRequests, "Cannot evict pod as it would violate the pod's disruption
 * budget.".</li>
 * </ul>
 * Success is 201 with a Success Status; a missing pod is 404. {@code deleteOptions.dryRun: [All]} checks without
 * changing anything.
 *
 * <p>Runs on the Vert.x event loop, synchronously: each eviction is a handful of in-memory reads and writes of the
 * CRUD store. Evictions are serialised, and the budget is written with the resourceVersion it was read at (the
 * reconciler's concurrent status writes make it read again), so two quick evictions cannot both spend the last
 * allowed disruption.
 */
final class PodEviction {
    /** The refusal a real API server gives when a budget allows no disruption. */
    static final String VIOLATES_BUDGET = "Cannot evict pod as it would violate the pod's disruption budget.";
    /** The cause type Kubernetes gives a budget refusal ({@code policy/v1 DisruptionBudgetCause}). */
    static final String DISRUPTION_BUDGET_CAUSE = "DisruptionBudget";

    private static final Logger LOG = LoggerFactory.getLogger(PodEviction.class);
    private static final Pattern PATH = Pattern.compile(
            "^/api/v1/namespaces/([^/?]+)/pods/([^/?]+)/eviction(?:\\?.*)?$");
    private static final Set<String> EVICTION_VERSIONS = Set.of("policy/v1", "policy/v1beta1");
    private static final Set<String> IGNORE_BUDGET_PHASES = Set.of("Succeeded", "Failed", "Pending");
    /** As the API server: a budget with this many evictions not yet seen through by its controller refuses more. */
    private static final int MAX_DISRUPTED_PODS = 2000;
    /** How often a budget write that lost a race with the reconciler is tried again before giving up (429). */
    private static final int CONFLICT_RETRIES = 20;

    private final Dispatcher crud;
    private final Clock clock;
    private final KubernetesSerialization json = new KubernetesSerialization();

    /**
     * @param crud  the mock server's CRUD dispatcher, read and written directly
     * @param clock the time recorded for a disrupted pod
     */
    PodEviction(Dispatcher crud, Clock clock) {
        this.crud = crud;
        this.clock = clock;
    }

    /** The eviction a request path asks for: namespace and pod name; empty for any other path. */
    static Optional<Target> target(String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Target(decode(m.group(1)), decode(m.group(2))));
    }

    /** The pod an eviction request names. */
    record Target(String namespace, String pod) {
    }

    /** Answers an eviction request for {@code target}. */
    MockResponse answer(RecordedRequest request, Target target) {
        if (!"POST".equals(request.getMethod())) {
            return status(405, failure(405, "MethodNotAllowed",
                    "the server does not allow this method on the requested resource"));
        }
        Request eviction;
        try {
            eviction = parse(request.getBody() == null ? ""
                    : new String(request.getBody().getBytes(), StandardCharsets.UTF_8), target);
        } catch (IllegalArgumentException e) {
            return status(400, failure(400, "BadRequest", e.getMessage()));
        }
        return evict(target, eviction.dryRun());
    }

    /** What the body asked beyond the pod: only whether it is a dry run. */
    private record Request(boolean dryRun) {
    }

    private Request parse(String body, Target target) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the body of an eviction must be a policy/v1 Eviction");
        }
        GenericKubernetesResource eviction;
        try {
            eviction = json.unmarshal(body, GenericKubernetesResource.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the body of an eviction must be a policy/v1 Eviction: "
                    + e.getMessage());
        }
        if (!"Eviction".equals(eviction.getKind()) || !EVICTION_VERSIONS.contains(eviction.getApiVersion())) {
            throw new IllegalArgumentException("the body of an eviction must be a policy/v1 Eviction, not "
                    + eviction.getApiVersion() + " " + eviction.getKind());
        }
        if (eviction.getMetadata() != null) {
            String name = eviction.getMetadata().getName();
            String namespace = eviction.getMetadata().getNamespace();
            if (name != null && !name.isEmpty() && !name.equals(target.pod())) {
                throw new IllegalArgumentException("name in URL does not match name in Eviction object");
            }
            if (namespace != null && !namespace.isEmpty() && !namespace.equals(target.namespace())) {
                throw new IllegalArgumentException(
                        "the namespace of the provided object does not match the namespace sent on the request");
            }
        }
        Object options = eviction.getAdditionalProperties().get("deleteOptions");
        boolean dryRun = options instanceof Map<?, ?> map && map.get("dryRun") instanceof List<?> list
                && list.contains("All");
        return new Request(dryRun);
    }

    /** One eviction, start to end; serialised so that two evictions never spend the same disruption. */
    private synchronized MockResponse evict(Target target, boolean dryRun) {
        String contended = "";
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            Optional<Pod> found = pod(target);
            if (found.isEmpty()) {
                return KubeStatus.podNotFound(target.pod());
            }
            Pod pod = found.get();
            if (canIgnoreBudgets(pod)) {
                return delete(target, dryRun);
            }
            List<PodDisruptionBudget> budgets = budgetsOf(pod);
            if (budgets.size() > 1) {
                return status(500, new StatusBuilder().withStatus("Failure").withCode(500).withMessage(
                        "This pod has more than one PodDisruptionBudget, which the eviction subresource does not "
                                + "support.").withNewMetadata().endMetadata().build());
            }
            if (budgets.isEmpty()) {
                return delete(target, dryRun);
            }
            PodDisruptionBudget budget = budgets.get(0);
            PodDisruptionBudgetStatus status = Optional.ofNullable(budget.getStatus())
                    .orElseGet(PodDisruptionBudgetStatus::new);
            if (!ready(pod) && mayEvictUnready(budget, status)) {
                return delete(target, dryRun);
            }
            Optional<MockResponse> refusal = refusal(budget, status);
            if (refusal.isPresent()) {
                LOG.debug("Sandbox refuses to evict {}/{}: budget {} allows no disruption", target.namespace(),
                        target.pod(), budget.getMetadata().getName());
                return refusal.get();
            }
            if (dryRun) {
                return success();
            }
            int code = spend(budget, status, target.pod());
            if (code == 409) {
                contended = budget.getMetadata().getName();
                continue; // the reconciler wrote the budget meanwhile: read it again
            }
            if (code >= 300) {
                return status(500, failure(500, "InternalError", "could not update the disruption budget "
                        + budget.getMetadata().getName() + " (HTTP " + code + ")"));
            }
            LOG.info("Sandbox evicts pod {}/{} (budget {} allowed it)", target.namespace(), target.pod(),
                    budget.getMetadata().getName());
            return delete(target, false);
        }
        Status timeout = failure(504, "Timeout", "Timeout: couldn't update PodDisruptionBudget \"" + contended
                + "\" due to conflicts");
        timeout.setDetails(new StatusDetailsBuilder().withRetryAfterSeconds(10).build());
        return status(504, timeout).setHeader("Retry-After", "10");
    }

    /** Finished, never started, or already going: no budget is consulted, as in Kubernetes. */
    private static boolean canIgnoreBudgets(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return pod.getMetadata().getDeletionTimestamp() != null || IGNORE_BUDGET_PHASES.contains(phase);
    }

    /**
     * An unready pod does not count towards the budget's health, so it may go without spending a disruption: always
     * under {@code AlwaysAllow}, and under the default {@code IfHealthyBudget} while the budget is met.
     */
    private static boolean mayEvictUnready(PodDisruptionBudget budget, PodDisruptionBudgetStatus status) {
        if ("AlwaysAllow".equals(budget.getSpec().getUnhealthyPodEvictionPolicy())) {
            return true;
        }
        int healthy = number(status.getCurrentHealthy());
        int desired = number(status.getDesiredHealthy());
        return healthy >= desired && desired > 0;
    }

    /** Why the budget cannot spend a disruption now, as the API server words it; empty when it can. */
    private Optional<MockResponse> refusal(PodDisruptionBudget budget, PodDisruptionBudgetStatus status) {
        String name = budget.getMetadata().getName();
        Long generation = budget.getMetadata().getGeneration();
        Long observed = status.getObservedGeneration();
        if (generation != null && (observed == null || observed < generation)) {
            // As the API server: the client is told to come back in 10 s.
            return Optional.of(tooManyRequests("The disruption budget " + name
                    + " is still being processed by the server.", 10));
        }
        int allowed = number(status.getDisruptionsAllowed());
        if (allowed < 0) {
            return Optional.of(forbidden(name, "pdb disruptions allowed is negative"));
        }
        if (status.getDisruptedPods() != null && status.getDisruptedPods().size() > MAX_DISRUPTED_PODS) {
            return Optional.of(forbidden(name,
                    "DisruptedPods map too big - too many evictions not confirmed by PDB controller"));
        }
        if (allowed == 0) {
            return Optional.of(tooManyRequests("The disruption budget " + name + " needs "
                    + number(status.getDesiredHealthy()) + " healthy pods and has "
                    + number(status.getCurrentHealthy()) + " currently", 0));
        }
        return Optional.empty();
    }

    /**
     * Decrements the budget's allowed disruptions and records the pod as disrupted, written at the version read.
     *
     * @return the CRUD store's HTTP code (409 when the budget changed since it was read)
     */
    private int spend(PodDisruptionBudget budget, PodDisruptionBudgetStatus status, String pod) {
        Map<String, String> disrupted = new LinkedHashMap<>(Optional.ofNullable(status.getDisruptedPods())
                .orElse(Map.of()));
        disrupted.put(pod, Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        PodDisruptionBudget spent = new PodDisruptionBudgetBuilder(budget).editOrNewStatus()
                .withDisruptionsAllowed(number(status.getDisruptionsAllowed()) - 1)
                .withDisruptedPods(disrupted).endStatus().build();
        String path = "/apis/policy/v1/namespaces/" + budget.getMetadata().getNamespace()
                + "/poddisruptionbudgets/" + budget.getMetadata().getName() + "/status";
        return crud.dispatch(request(HttpMethod.PUT, path, json.asJson(spent))).code();
    }

    private Optional<Pod> pod(Target target) {
        MockResponse response = crud.dispatch(request(HttpMethod.GET, podPath(target), null));
        if (response.code() != 200) {
            return Optional.empty();
        }
        return Optional.of(json.unmarshal(body(response), Pod.class));
    }

    /**
     * The budgets of the pod's namespace whose selector selects it. Here, as in the API server's eviction, a budget
     * with a missing or empty selector selects nothing.
     */
    private List<PodDisruptionBudget> budgetsOf(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        MockResponse response = crud.dispatch(request(HttpMethod.GET,
                "/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets", null));
        if (response.code() != 200) {
            return List.of();
        }
        PodDisruptionBudgetList list = json.unmarshal(body(response), PodDisruptionBudgetList.class);
        return Optional.ofNullable(list.getItems()).orElse(List.of()).stream()
                .filter(b -> b.getSpec() != null && !emptySelector(b.getSpec().getSelector())
                        && LabelSelectors.matches(b.getSpec().getSelector(), pod.getMetadata().getLabels()))
                .toList();
    }

    private static boolean emptySelector(LabelSelector selector) {
        return selector == null || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()));
    }

    private MockResponse delete(Target target, boolean dryRun) {
        if (!dryRun) {
            int code = crud.dispatch(request(HttpMethod.DELETE, podPath(target), null)).code();
            if (code == 404) {
                return KubeStatus.podNotFound(target.pod());
            }
            if (code >= 300) {
                return status(500, failure(500, "InternalError", "could not delete pod " + target.pod()
                        + " (HTTP " + code + ")"));
            }
        }
        return success();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static int number(Integer value) {
        return value == null ? 0 : value;
    }

    private static String podPath(Target target) {
        return "/api/v1/namespaces/" + target.namespace() + "/pods/" + target.pod();
    }

    private static RecordedRequest request(HttpMethod method, String path, String body) {
        Headers headers = body == null ? Headers.builder().build()
                : Headers.builder().add("Content-Type", "application/json").build();
        Buffer buffer = new Buffer();
        if (body != null) {
            buffer.writeUtf8(body);
        }
        return new RecordedRequest("HTTP/1.1", method, path, headers, buffer);
    }

    private static String body(MockResponse response) {
        return response.getBody() == null ? "" : new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    private MockResponse success() {
        return status(201, new StatusBuilder().withStatus("Success").withCode(201).withNewMetadata().endMetadata()
                .build());
    }

    private MockResponse tooManyRequests(String cause, int retryAfterSeconds) {
        Status status = failure(429, "TooManyRequests", VIOLATES_BUDGET);
        status.setDetails(new StatusDetailsBuilder().withCauses(new StatusCauseBuilder()
                .withReason(DISRUPTION_BUDGET_CAUSE).withMessage(cause).build())
                .withRetryAfterSeconds(retryAfterSeconds > 0 ? retryAfterSeconds : null).build());
        MockResponse response = status(429, status);
        return retryAfterSeconds > 0 ? response.setHeader("Retry-After", Integer.toString(retryAfterSeconds))
                : response;
    }

    private MockResponse forbidden(String budget, String why) {
        Status status = failure(403, "Forbidden", "poddisruptionbudgets.policy \"" + budget + "\" is forbidden: "
                + why);
        status.setDetails(new StatusDetailsBuilder().withName(budget)
                .withGroup("policy").withKind("poddisruptionbudgets").build());
        return status(403, status);
    }

    private static Status failure(int code, String reason, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message)
                .withNewMetadata().endMetadata().build();
    }

    private MockResponse status(int code, Status status) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(json.asJson(status));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
