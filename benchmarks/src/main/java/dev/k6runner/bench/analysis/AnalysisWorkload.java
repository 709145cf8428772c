package dev.k6runner.bench.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.baseline.BaselineComparator;
import dev.k6runner.analyzer.baseline.BaselineHistory;
import dev.k6runner.analyzer.baseline.BaselineProperties;
import dev.k6runner.analyzer.finish.RunAnalyzer;
import dev.k6runner.analyzer.rules.RuleEngine;
import dev.k6runner.analyzer.rules.RulesProperties;
import dev.k6runner.analyzer.timeline.TimelineAnalyzer;
import dev.k6runner.analyzer.timeline.TimelineProperties;
import dev.k6runner.model.EndpointStats;
import dev.k6runner.model.LoadGeneratorHealth;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.TimelinePoint;

/**
 * A realistic analysis input: the recorded mixed-errors summary export (k6 v0.49), a 10-minute
 * per-second timeline with a ramp, a burst and degradation, 40 endpoint entries, a 20-run baseline.
 */
final class AnalysisWorkload {

    /** /work/shared/k6-reference/mixed-errors/summary-export.json, byte for byte. */
    static final String SUMMARY = """
{
    "root_group": {
        "name": "",
        "path": "",
        "id": "d41d8cd98f00b204e9800998ecf8427e",
        "groups": {},
        "checks": {
                "flaky ok": {
                    "name": "flaky ok",
                    "path": "::flaky ok",
                    "id": "42e0efb1f65e1f18c8696e42a81a11ef",
                    "passes": 58,
                    "fails": 30
                },
                "always 500": {
                    "name": "always 500",
                    "path": "::always 500",
                    "id": "06984d6ebaf5a350bad346a5c9f05dde",
                    "passes": 0,
                    "fails": 88
                }
            }
    },
    "metrics": {
        "iterations": {
            "count": 88,
            "rate": 28.410399698868876
        },
        "vus_max": {
            "value": 4,
            "min": 4,
            "max": 4
        },
        "http_req_sending": {
            "avg": 0.015667526515151513,
            "min": 0.002801,
            "med": 0.0075835,
            "max": 0.573778,
            "p(90)": 0.030773500000000002,
            "p(95)": 0.03467025
        },
        "http_req_waiting": {
            "med": 0.8654044999999999,
            "max": 10.944631,
            "p(90)": 1.485559,
            "p(95)": 1.6633754499999998,
            "avg": 0.9605169810606065,
            "min": 0.066456
        },
        "http_req_blocked": {
            "avg": 0.005979284090909091,
            "min": 0.000332,
            "med": 0.001797,
            "max": 0.471723,
            "p(90)": 0.006166700000000003,
            "p(95)": 0.007382549999999999
        },
        "http_req_connecting": {
            "avg": 0.0027905265151515154,
            "min": 0,
            "med": 0,
            "max": 0.413194,
            "p(90)": 0,
            "p(95)": 0
        },
        "data_received": {
            "rate": 13934.655361392937,
            "count": 43162
        },
        "vus": {
            "max": 4,
            "value": 4,
            "min": 4
        },
        "checks": {
            "passes": 58,
            "fails": 118,
            "value": 0.32954545454545453
        },
        "http_req_failed": {
            "passes": 118,
            "fails": 146,
            "value": 0.44696969696969696
        },
        "http_reqs": {
            "count": 264,
            "rate": 85.23119909660663
        },
        "iteration_duration": {
            "avg": 140.65439798863642,
            "min": 138.805316,
            "med": 140.0718395,
            "max": 149.448138,
            "p(90)": 143.4977575,
            "p(95)": 144.09739535
        },
        "http_req_duration{expected_response:true}": {
            "avg": 27.36048388356164,
            "min": 0.552479,
            "med": 43.5294885,
            "max": 51.733954,
            "p(90)": 43.99098600000001,
            "p(95)": 44.13704
        },
        "http_req_tls_handshaking": {
            "avg": 0,
            "min": 0,
            "med": 0,
            "max": 0,
            "p(90)": 0,
            "p(95)": 0
        },
        "http_req_duration": {
            "max": 51.733954,
            "p(90)": 44.0484982,
            "p(95)": 44.40174605,
            "avg": 29.832653170454552,
            "min": 0.552479,
            "med": 43.47148249999999
        },
        "data_sent": {
            "count": 23672,
            "rate": 7642.397518995727
        },
        "http_req_receiving": {
            "avg": 28.856468662878793,
            "min": 0.00913,
            "med": 42.6329645,
            "max": 51.221325,
            "p(90)": 43.5789083,
            "p(95)": 43.8934373
        }
    }
}""";

    private AnalysisWorkload() {
    }

    static RunAnalyzer analyzer() {
        return new RunAnalyzer(new RuleEngine(RulesProperties.defaults()), new TimelineAnalyzer(TimelineProperties.defaults()),
                new BaselineComparator(BaselineProperties.defaults()));
    }

    static AnalysisInput input() {
        StringBuilder console = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            console.append("time=\"2026-11-23T23:42:04Z\" level=error msg=\"Error: boom in iteration\\n\\tat file:///s.js:5:8(9)\\n\" executor=shared-iterations scenario=default source=stacktrace\n");
        }
        return new AnalysisInput(UUID.randomUUID(), "default", "checkout", RunStatus.COMPLETED, null, 0, SUMMARY,
                console.toString(), digest());
    }

    static BaselineHistory history() {
        List<BaselineHistory.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            samples.add(new BaselineHistory.Sample(UUID.randomUUID(), 20.0 + i % 3, 30.0 + i % 5, 0.5, 80.0, 4));
        }
        return new BaselineHistory(samples, null);
    }

    private static RunDigest digest() {
        List<TimelinePoint> timeline = new ArrayList<>();
        for (int second = 0; second < 600; second++) {
            int vus = Math.min(1 + second / 10, 40);
            long requests = Math.min(vus * 10L, 200L);
            long failed = second >= 300 && second < 306 ? requests / 2 : second % 50 == 0 ? 1 : 0;
            double p95 = 40 + (vus > 20 ? vus * 4 : 0) + second / 20.0;
            timeline.add(new TimelinePoint(1_790_000_000L + second, requests, failed, vus, requests / 2, p95 * 0.6, p95, p95 * 1.4));
        }
        List<EndpointStats> endpoints = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            endpoints.add(new EndpointStats("GET", "http://127.0.0.1:18080/api/" + i, "200", 1000 + i * 10, 0, 20 + i, 40 + i, 90));
            endpoints.add(new EndpointStats("GET", "http://127.0.0.1:18080/api/" + i, "500", i == 3 ? 300 : 2, i == 3 ? 300 : 2, 5, 9, 12));
        }
        return new RunDigest(1, timeline, endpoints, null, new LoadGeneratorHealth(600, 45, 70, 90_000_000, false), 1_200_000, null);
    }
}
