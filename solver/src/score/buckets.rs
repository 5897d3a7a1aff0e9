//! Grouping a whole schedule's lessons into (resource, day) buckets, for full evaluation.
//!
//! Resources and days are both dense indices, so a bucket is one number and the grouping is a
//! counting sort: linear in the lessons, where a comparison sort of every entry was the largest
//! single cost of `check` on large clubs. When the buckets far outnumber the lessons (many
//! resources over a long horizon, few lessons), a stable sort by bucket is cheaper than the
//! counting array and gives the same order.

use crate::score::kernels::Occ;

/// The lessons of one resource type, grouped by (resource, day); within a bucket, by start time
/// then lesson (the order the kernels expect).
pub(crate) struct Buckets {
    days: usize,
    /// Non-empty buckets in increasing order: (bucket number, end offset into `occ`).
    runs: Vec<(u64, u32)>,
    occ: Vec<Occ>,
}

/// Above this many buckets per entry, sorting beats a counting array.
const SPARSE: u64 = 8;

impl Buckets {
    /// Groups `entries` — (resource index, day, lesson) in increasing lesson order — over
    /// `resources` resources and `days` days.
    pub fn new(resources: usize, days: usize, mut entries: Vec<(u64, Occ)>) -> Buckets {
        let bucket_count = resources as u64 * days as u64;
        let mut runs = Vec::new();
        let mut occ: Vec<Occ>;
        if bucket_count <= SPARSE * entries.len() as u64 + 1024 {
            let mut ends = vec![0u32; bucket_count as usize + 1];
            for &(bucket, _) in &entries {
                ends[bucket as usize + 1] += 1;
            }
            for b in 1..ends.len() {
                ends[b] += ends[b - 1];
            }
            // Every place is overwritten by the scatter below; the copy only initialises.
            occ = entries.iter().map(|&(_, o)| o).collect();
            // `ends[b]` is the next free place of bucket b while scattering, then its end.
            for &(bucket, o) in &entries {
                let place = &mut ends[bucket as usize];
                occ[*place as usize] = o;
                *place += 1;
            }
            let mut start = 0;
            for (bucket, &end) in ends[..bucket_count as usize].iter().enumerate() {
                if end > start {
                    runs.push((bucket as u64, end));
                    start = end;
                }
            }
        } else {
            // Stable: lessons of the same bucket keep their increasing lesson order.
            entries.sort_by_key(|&(bucket, _)| bucket);
            occ = Vec::with_capacity(entries.len());
            for (i, &(bucket, o)) in entries.iter().enumerate() {
                if i > 0 && entries[i - 1].0 != bucket {
                    runs.push((entries[i - 1].0, i as u32));
                }
                occ.push(o);
            }
            if let Some(&(bucket, _)) = entries.last() {
                runs.push((bucket, entries.len() as u32));
            }
        }
        let mut start = 0;
        for &(_, end) in &runs {
            // Stable, so lessons starting together stay in lesson order; buckets are small.
            occ[start..end as usize].sort_by_key(|o| o.start);
            start = end as usize;
        }
        Buckets { days, runs, occ }
    }

    /// The bucket number of a resource's day.
    pub fn bucket(days: usize, resource: u32, day: usize) -> u64 {
        u64::from(resource) * days as u64 + day as u64
    }

    /// Calls `f(resource, day, lessons)` for every non-empty bucket, in (resource, day) order.
    pub fn for_each(&self, mut f: impl FnMut(u32, usize, &[Occ])) {
        let mut start = 0;
        for &(bucket, end) in &self.runs {
            let resource = (bucket / self.days as u64) as u32;
            let day = (bucket % self.days as u64) as usize;
            f(resource, day, &self.occ[start..end as usize]);
            start = end as usize;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::RequestId;

    fn occ(start: i32, lesson: usize) -> Occ {
        Occ {
            start,
            end: start + 30,
            lesson: RequestId::from_index(lesson),
            units: 1,
        }
    }

    /// A bucket as (resource, day, [(start, lesson)]).
    type Grouped = (u32, usize, Vec<(i32, usize)>);

    fn grouped(buckets: &Buckets) -> Vec<Grouped> {
        let mut out = Vec::new();
        buckets.for_each(|r, d, o| {
            out.push((
                r,
                d,
                o.iter().map(|o| (o.start, o.lesson.index())).collect(),
            ))
        });
        out
    }

    #[test]
    fn dense_and_sparse_grouping_agree() {
        let entries = vec![
            (Buckets::bucket(3, 2, 1), occ(100, 0)),
            (Buckets::bucket(3, 0, 0), occ(50, 1)),
            (Buckets::bucket(3, 2, 1), occ(40, 2)),
            (Buckets::bucket(3, 2, 1), occ(100, 3)),
            (Buckets::bucket(3, 1, 2), occ(10, 4)),
        ];
        let expected = vec![
            (0, 0, vec![(50, 1)]),
            (1, 2, vec![(10, 4)]),
            (2, 1, vec![(40, 2), (100, 0), (100, 3)]),
        ];
        assert_eq!(grouped(&Buckets::new(3, 3, entries.clone())), expected);
        // A million resources for five entries takes the sorting path.
        let sparse: Vec<_> = entries.iter().map(|&(b, o)| (b + 3 * 999_990, o)).collect();
        let shifted: Vec<_> = expected
            .into_iter()
            .map(|(r, d, o)| (r + 999_990, d, o))
            .collect();
        assert_eq!(grouped(&Buckets::new(1_000_000, 3, sparse)), shifted);
    }

    #[test]
    fn no_entries_no_buckets() {
        assert!(grouped(&Buckets::new(10, 10, Vec::new())).is_empty());
        assert!(grouped(&Buckets::new(1_000_000, 100, Vec::new())).is_empty());
    }
}
