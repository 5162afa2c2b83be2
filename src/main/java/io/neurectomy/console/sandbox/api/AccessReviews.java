package io.neurectomy.console.sandbox.api;

import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingList;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingList;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.neurectomy.console.sandbox.KubeStatus;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.ObjectMapper;

/**
 * The access review API ({@code authorization.k8s.io/v1}) as a real API server's RBAC authorizer answers it, from the
 * Roles, ClusterRoles, RoleBindings and ClusterRoleBindings in the store: {@code SelfSubjectAccessReview} (what
 * {@code kubectl auth can-i} sends, for the caller or the user it impersonates with {@code Impersonate-User}),
 * {@code SubjectAccessReview} and {@code LocalSubjectAccessReview}, in JSON or (as kubectl sends them) protobuf; the
 * answer is JSON.
 *
 * <p>The sandbox's own user (the kubeconfig's, and every caller that impersonates no one) is a cluster
 * administrator, as {@code system:masters} is on a real cluster, and may do everything. Only access reviews are
 * judged: the sandbox does not enforce RBAC on other requests.
 */
final class AccessReviews {
    private static final Pattern PATH = Pattern.compile(
            "^/apis/authorization\\.k8s\\.io/v1/(?:namespaces/([^/]+)/)?(selfsubjectaccessreviews"
                    + "|subjectaccessreviews|localsubjectaccessreviews)/?(\\?.*)?$");
    private static final String MASTERS = "system:masters";
    private static final String SA_PREFIX = "system:serviceaccount:";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final ObjectMapper READER = new ObjectMapper();

    private final Dispatcher store;

    AccessReviews(Dispatcher store) {
        this.store = store;
    }

    /** Who asks or is asked about: a user and its groups. */
    record Who(String user, Set<String> groups) {
        boolean admin() {
            return groups.contains(MASTERS);
        }
    }

    /** The answer when {@code request} creates an access review; empty for every other request. */
    Optional<MockResponse> answer(RecordedRequest request) {
        Matcher m = PATH.matcher(request.getPath());
        if (!m.matches()) {
            return Optional.empty();
        }
        if (!"POST".equals(request.getMethod())) {
            return Optional.of(KubeStatus.failure(405, "MethodNotAllowed", "access reviews are only created"));
        }
        String kind = m.group(2);
        String pathNamespace = m.group(1);
        if (kind.equals("localsubjectaccessreviews") == (pathNamespace == null)) {
            return Optional.of(KubeStatus.failure(404, "NotFound", "the server could not find the requested "
                    + "resource"));
        }
        Map<String, Object> review;
        try {
            byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
            review = ReviewProtobuf.is(body) ? ReviewProtobuf.read(body) : READER.readValue(body, Map.class);
        } catch (RuntimeException e) {
            return Optional.of(KubeStatus.failure(400, "BadRequest", "cannot read the access review: "
                    + e.getMessage()));
        }
        Who caller = caller(request.getHeaders());
        Map<String, Object> spec = map(review.get("spec"));
        Who subject;
        if (kind.equals("selfsubjectaccessreviews")) {
            subject = caller;
        } else {
            String resource = kind;
            ResourceAttributes create = new ResourceAttributesBuilder().withGroup("authorization.k8s.io")
                    .withNamespace(pathNamespace).withResource(resource).withVerb("create").build();
            if (!Boolean.TRUE.equals(decide(caller, create, null).getAllowed())) {
                return Optional.of(KubeStatus.failure(403, "Forbidden", resource + ".authorization.k8s.io is "
                        + "forbidden: User \"" + caller.user() + "\" cannot create resource \"" + resource
                        + "\" in API group \"authorization.k8s.io\"" + (pathNamespace == null ? " at the cluster "
                        + "scope" : " in the namespace \"" + pathNamespace + "\"")));
            }
            Object user = spec.get("user");
            Set<String> groups = new LinkedHashSet<>();
            if (spec.get("groups") instanceof List<?> list) {
                list.forEach(g -> groups.add(String.valueOf(g)));
            }
            subject = withImplicitGroups(user == null ? "" : String.valueOf(user), groups);
        }
        ResourceAttributes resource = spec.get("resourceAttributes") == null ? null
                : JSON.convertValue(spec.get("resourceAttributes"), ResourceAttributes.class);
        NonResourceAttributes nonResource = spec.get("nonResourceAttributes") == null ? null
                : JSON.convertValue(spec.get("nonResourceAttributes"), NonResourceAttributes.class);
        if (resource != null && pathNamespace != null) {
            resource.setNamespace(pathNamespace);
        }
        if (resource == null && nonResource == null) {
            return Optional.of(KubeStatus.failure(422, "Invalid", "exactly one of nonResourceAttributes or "
                    + "resourceAttributes must be specified"));
        }
        SubjectAccessReviewStatus status = decide(subject, resource, nonResource);
        Map<String, Object> answer = new LinkedHashMap<>(review);
        answer.putIfAbsent("apiVersion", "authorization.k8s.io/v1");
        answer.put("metadata", Map.of());
        answer.put("status", JSON.convertValue(status, Map.class));
        return Optional.of(new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                .setBody(JSON.asJson(answer)));
    }

    /** The caller: the user it impersonates (with the groups it names), else the sandbox's administrator. */
    private static Who caller(Headers headers) {
        String user = null;
        Set<String> groups = new LinkedHashSet<>();
        for (Map.Entry<String, List<String>> e : headers.toMultimap().entrySet()) {
            if (e.getKey().equalsIgnoreCase("Impersonate-User") && !e.getValue().isEmpty()) {
                user = e.getValue().get(0);
            } else if (e.getKey().equalsIgnoreCase("Impersonate-Group")) {
                groups.addAll(e.getValue());
            }
        }
        if (user == null) {
            return new Who("sandbox", Set.of(MASTERS, "system:authenticated"));
        }
        return withImplicitGroups(user, groups);
    }

    /** The groups a real API server adds: every user is authenticated, a service account is in its own groups. */
    private static Who withImplicitGroups(String user, Set<String> groups) {
        Set<String> all = new LinkedHashSet<>(groups);
        if (user.startsWith(SA_PREFIX)) {
            String[] parts = user.substring(SA_PREFIX.length()).split(":", 2);
            all.add("system:serviceaccounts");
            all.add("system:serviceaccounts:" + parts[0]);
        }
        all.add("system:authenticated");
        return new Who(user, all);
    }

    /** The RBAC authorizer's decision: allowed by a binding's rule, with the reason a real server gives. */
    SubjectAccessReviewStatus decide(Who subject, ResourceAttributes resource, NonResourceAttributes other) {
        if (subject.admin()) {
            return new SubjectAccessReviewStatus(true, false, "", "the sandbox's administrator (" + MASTERS
                    + ") may do everything");
        }
        String namespace = resource == null || resource.getNamespace() == null ? "" : resource.getNamespace();
        for (var binding : list("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
                ClusterRoleBindingList.class).getItems()) {
            if (bound(binding.getSubjects(), subject, "")
                    && rules(binding.getRoleRef(), "").stream().anyMatch(r -> matches(r, resource, other))) {
                return allowed("ClusterRoleBinding \"" + binding.getMetadata().getName() + "\"", binding.getRoleRef(),
                        subject);
            }
        }
        if (!namespace.isEmpty() && resource != null) {
            for (var binding : list("/apis/rbac.authorization.k8s.io/v1/namespaces/" + namespace + "/rolebindings",
                    RoleBindingList.class).getItems()) {
                if (bound(binding.getSubjects(), subject, namespace) && rules(binding.getRoleRef(), namespace)
                        .stream().anyMatch(r -> matches(r, resource, null))) {
                    return allowed("RoleBinding \"" + namespace + "/" + binding.getMetadata().getName() + "\"",
                            binding.getRoleRef(), subject);
                }
            }
        }
        return new SubjectAccessReviewStatus(false, false, "", "");
    }

    private static SubjectAccessReviewStatus allowed(String binding, RoleRef role, Who subject) {
        return new SubjectAccessReviewStatus(true, false, "", "RBAC: allowed by " + binding + " of " + role.getKind()
                + " \"" + role.getName() + "\" to " + subject.user());
    }

    private static boolean bound(List<Subject> subjects, Who who, String bindingNamespace) {
        for (Subject s : subjects == null ? List.<Subject>of() : subjects) {
            String name = s.getName();
            switch (s.getKind() == null ? "" : s.getKind()) {
                case "User" -> {
                    if (name.equals(who.user())) {
                        return true;
                    }
                }
                case "Group" -> {
                    if (who.groups().contains(name)) {
                        return true;
                    }
                }
                case "ServiceAccount" -> {
                    String ns = s.getNamespace() == null || s.getNamespace().isEmpty() ? bindingNamespace
                            : s.getNamespace();
                    if ((SA_PREFIX + ns + ":" + name).equals(who.user())) {
                        return true;
                    }
                }
                default -> {
                    // an unknown kind binds no one
                }
            }
        }
        return false;
    }

    private List<PolicyRule> rules(RoleRef ref, String namespace) {
        if (ref == null) {
            return List.of();
        }
        if ("ClusterRole".equals(ref.getKind())) {
            ClusterRole role = get("/apis/rbac.authorization.k8s.io/v1/clusterroles/" + ref.getName(),
                    ClusterRole.class);
            return role == null || role.getRules() == null ? List.of() : role.getRules();
        }
        if ("Role".equals(ref.getKind()) && !namespace.isEmpty()) {
            Role role = get("/apis/rbac.authorization.k8s.io/v1/namespaces/" + namespace + "/roles/" + ref.getName(),
                    Role.class);
            return role == null || role.getRules() == null ? List.of() : role.getRules();
        }
        return List.of();
    }

    /** Whether {@code rule} grants the request, with RBAC's wildcards. */
    static boolean matches(PolicyRule rule, ResourceAttributes resource, NonResourceAttributes other) {
        if (resource != null) {
            String group = resource.getGroup() == null ? "" : resource.getGroup();
            String plural = resource.getResource() == null ? "" : resource.getResource();
            String sub = resource.getSubresource() == null ? "" : resource.getSubresource();
            String combined = sub.isEmpty() ? plural : plural + "/" + sub;
            String name = resource.getName() == null ? "" : resource.getName();
            return anyOf(rule.getVerbs(), resource.getVerb())
                    && anyOf(rule.getApiGroups(), group)
                    && resourceMatches(rule.getResources(), combined, sub)
                    && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                    || rule.getResourceNames().contains(name));
        }
        String path = other.getPath() == null ? "" : other.getPath();
        if (!anyOf(rule.getVerbs(), other.getVerb()) || rule.getNonResourceURLs() == null) {
            return false;
        }
        for (String url : rule.getNonResourceURLs()) {
            if (url.equals("*") || url.equals(path) || (url.endsWith("*")
                    && path.startsWith(url.substring(0, url.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyOf(List<String> allowed, String value) {
        return allowed != null && (allowed.contains("*") || allowed.contains(value == null ? "" : value));
    }

    private static boolean resourceMatches(List<String> resources, String combined, String subresource) {
        if (resources == null) {
            return false;
        }
        for (String r : resources) {
            if (r.equals("*") || r.equals(combined)
                    || (!subresource.isEmpty() && r.equals("*/" + subresource))) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private <T> T list(String path, Class<T> type) {
        T found = get(path, type);
        if (found != null) {
            return found;
        }
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T get(String path, Class<T> type) {
        MockResponse response = store.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path,
                Headers.builder().build(), new Buffer()));
        if (response.code() != 200 || response.getBody() == null) {
            return null;
        }
        return JSON.unmarshal(response.getBody().readUtf8(), type);
    }
}
