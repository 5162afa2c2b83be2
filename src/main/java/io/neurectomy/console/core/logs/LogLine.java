package io.neurectomy.console.core.logs;

/**
 * One line of a pod's log as the console shows it.
 *
 * @param seq    position in the stream since it was opened (0, 1, 2, ...), markers included
 * @param text   the line without its line break; credential-shaped values masked unless the request asked to
 *               reveal them
 * @param level  the severity the line states ({@link LogLevel#of}); {@link LogLevel#UNKNOWN} for markers
 * @param marker true for a line the console adds itself, e.g. "prometheus-0 was replaced (new pod); following
 *               it" when a followed pod restarts; never part of the pod's log
 */
public record LogLine(long seq, String text, LogLevel level, boolean marker) {
}
