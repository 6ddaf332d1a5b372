package io.oscsync.job.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One scrape of a Prometheus endpoint (text format 0.0.4): every series with its labels and value. */
public final class PrometheusScrape {
    public record Series(String metric, Map<String, String> labels, double value) {}

    private final List<Series> series;

    private PrometheusScrape(List<Series> series) {
        this.series = series;
    }

    /** @throws IOException when nothing answers (yet) on the endpoint */
    public static PrometheusScrape fetch(URI endpoint) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException(endpoint + " answered " + r.statusCode());
        return parse(r.body());
    }

    public static PrometheusScrape parse(String text) {
        List<Series> all = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            all.add(parseLine(line));
        }
        return new PrometheusScrape(List.copyOf(all));
    }

    public List<Series> series(String metric) {
        return series.stream().filter(s -> s.metric().equals(metric)).toList();
    }

    public Set<String> metrics() {
        Set<String> names = new TreeSet<>();
        for (Series s : series) names.add(s.metric());
        return names;
    }

    /** The label names any series of the metric has. */
    public Set<String> labels(String metric) {
        Set<String> names = new TreeSet<>();
        for (Series s : series(metric)) names.addAll(s.labels().keySet());
        return names;
    }

    private static Series parseLine(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') i++;
        String metric = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String name = line.substring(i, eq).trim();
                StringBuilder value = new StringBuilder();
                int j = eq + 2; // past ="
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(name, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') i++;
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split("\\s+");
        return new Series(metric, labels, Double.parseDouble(rest[0]));
    }
}
