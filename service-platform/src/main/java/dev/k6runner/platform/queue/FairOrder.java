package dev.k6runner.platform.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Weighted fair share across teams, FIFO within a team. The one policy that both the runners (which run
 * starts next) and the gateway ({@code queue_position}) apply, so the two can never disagree.
 *
 * <p>Among the teams that have a queued run and hold fewer slots than their running limit, the next run
 * is the oldest queued run of the team holding the fewest slots for its weight ({@code running / weight},
 * compared as exact integer cross products). Ties go to the team whose oldest queued run was submitted
 * first (then the smaller id).
 */
public final class FairOrder {

    private FairOrder() {
    }

    /**
     * The next run to start. {@code headsOfQueues} holds at least each team's oldest queued run (more runs
     * per team are allowed: the oldest counts). Empty when every team with queued runs is at its running
     * limit, or nothing is queued.
     *
     * @throws IllegalArgumentException when a run's team is missing from {@code teams}
     */
    public static Optional<QueuedRun> next(Collection<TeamLoad> teams, Collection<QueuedRun> headsOfQueues) {
        Map<String, TeamLoad> byId = byTeamId(teams);
        Map<String, QueuedRun> heads = new HashMap<>();
        for (QueuedRun run : headsOfQueues) {
            requireTeam(byId, run);
            heads.merge(run.teamId(), run, (a, b) -> QueuedRun.SUBMISSION_ORDER.compare(a, b) <= 0 ? a : b);
        }
        return heads.values().stream()
                .filter(head -> byId.get(head.teamId()).mayStartWith(byId.get(head.teamId()).running()))
                .map(head -> new Candidate(byId.get(head.teamId()), byId.get(head.teamId()).running(), null, head))
                .min(Candidate.FAIREST)
                .map(Candidate::head);
    }

    /**
     * Every queued run in the order it would start if no running run ended (index 0 = position 1): each
     * start adds one slot to its team. Runs that their team's running limit holds back come after every
     * startable run, in the order the same rule gives with the limits lifted.
     *
     * @param queued the queued runs, in any order
     * @throws IllegalArgumentException when a run's team is missing from {@code teams}
     */
    public static List<QueuedRun> order(Collection<TeamLoad> teams, List<QueuedRun> queued) {
        Map<String, TeamLoad> byId = byTeamId(teams);
        Map<String, List<QueuedRun>> runsByTeam = new HashMap<>();
        for (QueuedRun run : queued) {
            requireTeam(byId, run);
            runsByTeam.computeIfAbsent(run.teamId(), team -> new ArrayList<>()).add(run);
        }
        PriorityQueue<Candidate> startable = new PriorityQueue<>(Candidate.FAIREST);
        List<Candidate> heldBack = new ArrayList<>();
        runsByTeam.forEach((team, runs) -> {
            runs.sort(QueuedRun.SUBMISSION_ORDER);
            Candidate first = Candidate.of(byId.get(team), byId.get(team).running(), new ArrayDeque<>(runs));
            (first.load().mayStartWith(first.holding()) ? startable : heldBack).add(first);
        });
        List<QueuedRun> order = new ArrayList<>(queued.size());
        drain(startable, order, heldBack);
        PriorityQueue<Candidate> limitsLifted = new PriorityQueue<>(Candidate.FAIREST);
        limitsLifted.addAll(heldBack);
        drain(limitsLifted, order, null);
        return order;
    }

    /**
     * The position {@link #order} gives one queued run {@code r} (1 = starts next), from each team's aggregates
     * instead of every queued run: O(teams). The order is a merge of each team's FIFO, every run keyed by the
     * slots its team would hold when it starts ({@code (running + rank) / weight}) and then by its submission;
     * each team's keys rise with its rank, so the runs before {@code r} are, per team, the startable ones whose
     * key is below {@code r}'s (all of them when {@code r} itself is held back by its limit), counted in closed form.
     *
     * @param teams     every team with queued runs, {@code r}'s own team among them
     * @param teamOfRun {@code r}'s team; its {@link TeamQueue#before} is {@code r}'s rank in the team's FIFO
     * @throws IllegalArgumentException when {@code teamOfRun} is not among {@code teams}, or has no queued run at that rank
     */
    public static long position(Collection<TeamQueue> teams, String teamOfRun) {
        TeamQueue own = teams.stream().filter(team -> team.load().teamId().equals(teamOfRun)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("team " + teamOfRun + " has no TeamQueue"));
        if (own.before() >= own.queued()) {
            throw new IllegalArgumentException("team " + teamOfRun + " has no queued run at rank " + own.before());
        }
        long holding = own.load().running() + own.before();
        boolean startable = own.before() < own.startable();
        long ahead = 0;
        for (TeamQueue team : teams) {
            long heldFrom = team.startable();
            ahead += startable ? keysBelow(team, 0, heldFrom, holding, own.load().weight())
                    : heldFrom + keysBelow(team, heldFrom, team.queued(), holding, own.load().weight());
        }
        return ahead + 1;
    }

    /**
     * How many of the team's runs with rank in [from, to) have a key below the run that would start holding
     * {@code holding} at {@code weight}: fewer slots per weight ({@code (running + rank) * weight < holding * own
     * weight}), or as many and submitted before it (the ranks below {@link TeamQueue#before}).
     */
    private static long keysBelow(TeamQueue team, long from, long to, long holding, int weight) {
        if (from >= to) {
            return 0;
        }
        long scaled = holding * team.load().weight();
        long running = team.load().running();
        long fewer = Math.clamp(Math.ceilDiv(scaled, weight) - running, from, to) - from;
        long tie = scaled % weight == 0 ? scaled / weight - running : -1;
        return fewer + (tie >= from && tie < to && tie < team.before() ? 1 : 0);
    }

    /** Takes runs in fair order; a team that reaches its limit moves to {@code heldBack} (null: limits lifted). */
    private static void drain(PriorityQueue<Candidate> candidates, List<QueuedRun> order, List<Candidate> heldBack) {
        while (!candidates.isEmpty()) {
            Candidate fairest = candidates.poll();
            order.add(fairest.queue().poll());
            if (fairest.queue().isEmpty()) {
                continue;
            }
            Candidate after = Candidate.of(fairest.load(), fairest.holding() + 1, fairest.queue());
            if (heldBack == null || after.load().mayStartWith(after.holding())) {
                candidates.add(after);
            } else {
                heldBack.add(after);
            }
        }
    }

    private static Map<String, TeamLoad> byTeamId(Collection<TeamLoad> teams) {
        Map<String, TeamLoad> byId = new HashMap<>();
        for (TeamLoad team : teams) {
            if (byId.put(team.teamId(), team) != null) {
                throw new IllegalArgumentException("team " + team.teamId() + " given twice");
            }
        }
        return byId;
    }

    private static void requireTeam(Map<String, TeamLoad> byId, QueuedRun run) {
        if (!byId.containsKey(run.teamId())) {
            throw new IllegalArgumentException("run " + run.id() + " belongs to team " + run.teamId() + ", which has no TeamLoad");
        }
    }

    /** A team as the simulation sees it: the slots it would hold, and its queue (or just its head). */
    private record Candidate(TeamLoad load, int holding, ArrayDeque<QueuedRun> queue, QueuedRun head) {

        /** Fewest slots per weight first (exact: holding_a * weight_b vs holding_b * weight_a), then oldest head. */
        static final Comparator<Candidate> FAIREST = ((Comparator<Candidate>) (a, b) -> Long.compare(
                (long) a.holding() * b.load().weight(), (long) b.holding() * a.load().weight()))
                .thenComparing(Candidate::head, QueuedRun.SUBMISSION_ORDER);

        static Candidate of(TeamLoad load, int holding, ArrayDeque<QueuedRun> queue) {
            return new Candidate(load, holding, queue, queue.peek());
        }
    }
}
