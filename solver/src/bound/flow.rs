//! Minimum-cost flow by the primal-dual method: a shortest-path search (Dijkstra on reduced
//! costs) sets the node potentials, then a blocking flow (Dinic) pushes everything the
//! zero-reduced-cost arcs carry, and the two alternate until the sink is out of reach.
//!
//! The bound's networks have small integer costs, so there are few distinct path lengths and
//! few rounds: one augmenting path per round would need as many rounds as units of flow.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A directed network with capacities and costs; arc `2k + 1` is the residual of arc `2k`.
#[derive(Debug, Default)]
pub(crate) struct FlowNetwork {
    arcs: Vec<Arc>,
    out: Vec<Vec<usize>>,
}

#[derive(Debug)]
struct Arc {
    to: usize,
    capacity: i64,
    cost: i64,
}

/// What [`FlowNetwork::min_cost_max_flow`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Flow {
    pub units: i64,
    pub cost: i64,
}

impl FlowNetwork {
    pub fn new(nodes: usize) -> Self {
        Self {
            arcs: Vec::new(),
            out: vec![Vec::new(); nodes],
        }
    }

    /// An arc with non-negative `cost`.
    pub fn add_arc(&mut self, from: usize, to: usize, capacity: i64, cost: i64) {
        debug_assert!(cost >= 0 && capacity >= 0);
        self.out[from].push(self.arcs.len());
        self.arcs.push(Arc { to, capacity, cost });
        self.out[to].push(self.arcs.len());
        self.arcs.push(Arc {
            to: from,
            capacity: 0,
            cost: -cost,
        });
    }

    /// The most flow from `source` to `sink`, at the least cost among maximum flows; `None` when
    /// `stop` says so (asked once a round).
    pub fn min_cost_max_flow(
        &mut self,
        source: usize,
        sink: usize,
        stop: &dyn Fn() -> bool,
    ) -> Option<Flow> {
        let n = self.out.len();
        let mut potential = vec![0i64; n];
        let mut flow = Flow { units: 0, cost: 0 };
        loop {
            if stop() {
                return None;
            }
            let Some(distance) = self.distances(source, sink, &potential) else {
                return Some(flow);
            };
            let to_sink = distance[sink];
            for (p, d) in potential.iter_mut().zip(&distance) {
                // Nodes beyond the sink's distance move by that distance: reduced costs stay
                // non-negative everywhere, and zero exactly along shortest paths to the sink.
                *p += (*d).min(to_sink);
            }
            let pushed = self.blocking_flows(source, sink, &potential);
            flow.units += pushed;
            flow.cost += pushed * (potential[sink] - potential[source]);
        }
    }

    fn reduced(&self, from: usize, arc: usize, potential: &[i64]) -> i64 {
        let a = &self.arcs[arc];
        a.cost + potential[from] - potential[a.to]
    }

    /// Shortest reduced-cost distances from `source`, settled up to the sink (`None`: the sink
    /// is out of reach). Unsettled nodes get `i64::MAX`.
    fn distances(&self, source: usize, sink: usize, potential: &[i64]) -> Option<Vec<i64>> {
        let mut distance = vec![i64::MAX; self.out.len()];
        let mut settled = vec![false; self.out.len()];
        let mut queue = BinaryHeap::new();
        distance[source] = 0;
        queue.push(Reverse((0, source)));
        while let Some(Reverse((d, node))) = queue.pop() {
            if settled[node] {
                continue;
            }
            settled[node] = true;
            if node == sink {
                return Some(distance);
            }
            for &arc in &self.out[node] {
                let a = &self.arcs[arc];
                if a.capacity == 0 || settled[a.to] {
                    continue;
                }
                let next = d + self.reduced(node, arc, potential);
                if next < distance[a.to] {
                    distance[a.to] = next;
                    queue.push(Reverse((next, a.to)));
                }
            }
        }
        None
    }

    /// Dinic's maximum flow over the arcs of zero reduced cost.
    fn blocking_flows(&mut self, source: usize, sink: usize, potential: &[i64]) -> i64 {
        let mut total = 0;
        loop {
            let Some(level) = self.levels(source, sink, potential) else {
                return total;
            };
            let mut next_arc = vec![0usize; self.out.len()];
            loop {
                let pushed = self.augment(source, sink, potential, &level, &mut next_arc);
                if pushed == 0 {
                    break;
                }
                total += pushed;
            }
        }
    }

    fn admissible(&self, from: usize, arc: usize, potential: &[i64]) -> bool {
        self.arcs[arc].capacity > 0 && self.reduced(from, arc, potential) == 0
    }

    /// Breadth-first levels over admissible arcs (`None`: the sink is not reached).
    fn levels(&self, source: usize, sink: usize, potential: &[i64]) -> Option<Vec<u32>> {
        let mut level = vec![u32::MAX; self.out.len()];
        let mut queue = std::collections::VecDeque::from([source]);
        level[source] = 0;
        while let Some(node) = queue.pop_front() {
            for &arc in &self.out[node] {
                let to = self.arcs[arc].to;
                if level[to] == u32::MAX && self.admissible(node, arc, potential) {
                    level[to] = level[node] + 1;
                    queue.push_back(to);
                }
            }
        }
        (level[sink] != u32::MAX).then_some(level)
    }

    /// One augmenting path along rising levels, found without recursion (paths through the
    /// residual arcs can be long); returns the units pushed, 0 when none is left.
    fn augment(
        &mut self,
        source: usize,
        sink: usize,
        potential: &[i64],
        level: &[u32],
        next_arc: &mut [usize],
    ) -> i64 {
        let mut path: Vec<usize> = Vec::new();
        let mut node = source;
        loop {
            if node == sink {
                let pushed = path
                    .iter()
                    .map(|&a| self.arcs[a].capacity)
                    .min()
                    .unwrap_or(0);
                for &a in &path {
                    self.arcs[a].capacity -= pushed;
                    self.arcs[a ^ 1].capacity += pushed;
                }
                return pushed;
            }
            let mut advanced = false;
            while next_arc[node] < self.out[node].len() {
                let arc = self.out[node][next_arc[node]];
                let to = self.arcs[arc].to;
                if level[to] == level[node] + 1 && self.admissible(node, arc, potential) {
                    path.push(arc);
                    node = to;
                    advanced = true;
                    break;
                }
                next_arc[node] += 1;
            }
            if !advanced {
                // A dead end: never try it again in this phase, and step back.
                let Some(arc) = path.pop() else {
                    return 0;
                };
                node = self.arcs[arc ^ 1].to;
                next_arc[node] += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_cheap_routes_first_and_as_much_as_fits() {
        // 0 → 1 → 3 costs 1 per unit, 0 → 2 → 3 costs 5; three units, two fit the cheap way.
        let mut net = FlowNetwork::new(4);
        net.add_arc(0, 1, 2, 0);
        net.add_arc(0, 2, 5, 0);
        net.add_arc(1, 3, 5, 1);
        net.add_arc(2, 3, 1, 5);
        assert_eq!(
            net.min_cost_max_flow(0, 3, &|| false),
            Some(Flow {
                units: 3,
                cost: 2 + 5
            })
        );
    }

    #[test]
    fn reroutes_earlier_flow_when_that_is_cheaper() {
        // Two jobs, two machines: job A may use either machine, job B only machine 1, which is
        // also A's cheapest. The optimum sends A to machine 2.
        let (s, a, b, m1, m2, t) = (0, 1, 2, 3, 4, 5);
        let mut net = FlowNetwork::new(6);
        net.add_arc(s, a, 1, 0);
        net.add_arc(s, b, 1, 0);
        net.add_arc(a, m1, 1, 0);
        net.add_arc(a, m2, 1, 3);
        net.add_arc(b, m1, 1, 1);
        net.add_arc(m1, t, 1, 0);
        net.add_arc(m2, t, 1, 0);
        assert_eq!(
            net.min_cost_max_flow(s, t, &|| false),
            Some(Flow { units: 2, cost: 4 })
        );
    }

    #[test]
    fn matches_brute_force_on_small_convex_assignments() {
        use rand::{Rng, SeedableRng};
        // Items to bins: item i may go to some bins at cost 0 or 2; bin j's k-th item costs k.
        for seed in 0..200 {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let items = rng.random_range(1..=5usize);
            let bins = rng.random_range(1..=3usize);
            let mut choices: Vec<Vec<(usize, i64)>> = vec![Vec::new(); items];
            for list in &mut choices {
                for b in 0..bins {
                    if rng.random_bool(0.7) {
                        list.push((b, 2 * rng.random_range(0..2i64)));
                    }
                }
            }
            let mut net = FlowNetwork::new(2 + items + bins);
            for (i, list) in choices.iter().enumerate() {
                net.add_arc(0, 2 + i, 1, 0);
                for &(b, c) in list {
                    net.add_arc(2 + i, 2 + items + b, 1, c);
                }
            }
            for b in 0..bins {
                for k in 0..items as i64 {
                    net.add_arc(2 + items + b, 1, 1, k);
                }
            }
            let got = net.min_cost_max_flow(0, 1, &|| false).expect("not stopped");

            // Brute force: every way to place each item in one of its bins or leave it out;
            // the most items placed, then the least cost.
            let mut best = (0i64, 0i64);
            let mut counts = vec![0i64; bins];
            fn walk(
                i: usize,
                choices: &[Vec<(usize, i64)>],
                counts: &mut Vec<i64>,
                placed: i64,
                cost: i64,
                best: &mut (i64, i64),
            ) {
                if i == choices.len() {
                    if placed > best.0 || (placed == best.0 && cost < best.1) {
                        *best = (placed, cost);
                    }
                    return;
                }
                walk(i + 1, choices, counts, placed, cost, best);
                for &(b, c) in &choices[i] {
                    let marginal = counts[b];
                    counts[b] += 1;
                    walk(
                        i + 1,
                        choices,
                        counts,
                        placed + 1,
                        cost + c + marginal,
                        best,
                    );
                    counts[b] -= 1;
                }
            }
            walk(0, &choices, &mut counts, 0, 0, &mut best);
            assert_eq!(
                (got.units, got.cost),
                best,
                "seed {seed}: {choices:?} in {bins} bins"
            );
        }
    }
}
