package io.neurectomy.console.core.ops;

import io.neurectomy.console.core.health.HealthContext;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What two Prometheus servers scrape and evaluate, side by side: per scrape job the targets up of all, and the rule
 * groups loaded (by file name and group name). The new side of a blue-green upgrade must match the old one before
 * the Services switch to it.
 *
 * @param oldPod   the old side's replica asked
 * @param newPod   the new side's replica asked
 * @param oldJobs  job → {up, total} on the old side
 * @param newJobs  job → {up, total} on the new side
 * @param oldRules the old side's rule group names
 * @param newRules the new side's rule group names
 */
public record SideBySide(String oldPod, String newPod, Map<String, int[]> oldJobs, Map<String, int[]> newJobs,
                         Set<String> oldRules, Set<String> newRules) {

    /** One look at both replicas' {@code /api/v1/targets} and {@code /api/v1/rules}. */
    static SideBySide of(HealthContext c, String oldPod, String newPod) throws IOException {
        return new SideBySide(oldPod, newPod, jobs(c, oldPod), jobs(c, newPod), rules(c, oldPod), rules(c, newPod));
    }

    private static Map<String, int[]> jobs(HealthContext c, String pod) throws IOException {
        Map<String, int[]> jobs = new TreeMap<>();
        for (JsonNode t : c.api(pod, StackComponent.PROMETHEUS.port(), "/api/v1/targets?state=active")
                .path("activeTargets")) {
            String job = t.path("labels").path("job").asString(t.path("scrapePool").asString("?"));
            int[] n = jobs.computeIfAbsent(job, j -> new int[2]);
            n[1]++;
            if ("up".equals(t.path("health").asString(""))) {
                n[0]++;
            }
        }
        return jobs;
    }

    private static Set<String> rules(HealthContext c, String pod) throws IOException {
        Set<String> groups = new TreeSet<>();
        for (JsonNode g : c.api(pod, StackComponent.PROMETHEUS.port(), "/api/v1/rules").path("groups")) {
            // by the file's name: where the rules are mounted may differ between the sides
            String file = g.path("file").asString("");
            groups.add(file.substring(file.lastIndexOf('/') + 1) + ":" + g.path("name").asString(""));
        }
        return groups;
    }

    /**
     * What keeps the new side from matching the old one: a job the old side scrapes that the new one does not, a job
     * with a target up on the old side and none on the new, a rule group on one side only. Empty when it matches.
     */
    public List<String> differences() {
        List<String> out = new ArrayList<>();
        oldJobs.forEach((job, n) -> {
            int[] m = newJobs.get(job);
            if (m == null) {
                out.add("job " + job + " is not scraped by " + newPod);
            } else if (n[0] > 0 && m[0] == 0) {
                out.add("job " + job + " has no target up on " + newPod + " yet (" + n[0] + " of " + n[1] + " up on "
                        + oldPod + ")");
            }
        });
        newJobs.keySet().stream().filter(j -> !oldJobs.containsKey(j))
                .forEach(j -> out.add("job " + j + " is scraped by " + newPod + " only"));
        oldRules.stream().filter(g -> !newRules.contains(g)).forEach(g -> out.add("rule group " + g + " is not"
                + " loaded by " + newPod));
        newRules.stream().filter(g -> !oldRules.contains(g)).forEach(g -> out.add("rule group " + g + " is loaded"
                + " by " + newPod + " only"));
        return out;
    }

    /** The comparison as lines: a header, one line per job, one for the rule groups. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        int width = 12;
        for (String j : union()) {
            width = Math.max(width, j.length() + 4);
        }
        out.add(String.format("%-" + width + "s %-22s %s", "", oldPod, newPod));
        for (String job : union()) {
            out.add(String.format("%-" + width + "s %-22s %s", "job " + job, count(oldJobs.get(job)),
                    count(newJobs.get(job))));
        }
        out.add(String.format("%-" + width + "s %-22s %s", "rule groups", oldRules.size(), newRules.size()
                + (oldRules.equals(newRules) ? " (the same)" : " (they differ)")));
        return out;
    }

    private Set<String> union() {
        Set<String> all = new TreeSet<>(oldJobs.keySet());
        all.addAll(newJobs.keySet());
        return all;
    }

    private static String count(int[] n) {
        return n == null ? "not scraped" : n[0] + " of " + n[1] + " up";
    }
}
