//! `LineSorter`: sorts text lines in bounded memory. Lines are gathered in
//! memory up to a budget, then each full batch is sorted and spilled to a
//! temporary file by a thread of its own, while the next batch fills;
//! reading merges the runs. Equal lines come out once.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::thread::{self, JoinHandle};

/// Bytes of lines held in memory before a sorted run is written to disk
/// (twice that while a full batch is being spilled).
const MEMORY_BUDGET: usize = 128 << 20;

/// Collects lines (without their line break) to hand them back sorted.
pub(crate) struct LineSorter {
    batch: Vec<String>,
    batch_bytes: usize,
    runs: Vec<File>,
    spilling: Option<JoinHandle<io::Result<File>>>,
}

impl LineSorter {
    /// An empty sorter.
    pub(crate) fn new() -> Self {
        Self {
            batch: Vec::new(),
            batch_bytes: 0,
            runs: Vec::new(),
            spilling: None,
        }
    }

    /// Adds a line; it must not contain a line break.
    pub(crate) fn push(&mut self, line: String) -> io::Result<()> {
        self.batch_bytes += line.len() + size_of::<String>();
        self.batch.push(line);
        if self.batch_bytes >= MEMORY_BUDGET {
            self.spill()?;
        }
        Ok(())
    }

    /// Every line pushed, in byte order, each distinct line once.
    pub(crate) fn finish(mut self) -> io::Result<SortedLines> {
        self.wait_for_spill()?;
        self.batch.sort_unstable();
        self.batch.dedup();
        let mut sources = Vec::with_capacity(self.runs.len() + 1);
        for run in self.runs {
            sources.push(Source::Run(BufReader::with_capacity(1 << 16, run)));
        }
        sources.push(Source::Memory(self.batch.into_iter()));
        let mut heap = BinaryHeap::with_capacity(sources.len());
        for (index, source) in sources.iter_mut().enumerate() {
            if let Some(line) = source.next_line()? {
                heap.push(Reverse((line, index)));
            }
        }
        Ok(SortedLines {
            sources,
            heap,
            last: None,
        })
    }

    /// Hands the batch to a thread that sorts it and writes it to a
    /// temporary file, once the previous batch is written.
    fn spill(&mut self) -> io::Result<()> {
        self.wait_for_spill()?;
        let batch = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        self.spilling = Some(thread::spawn(move || write_run(batch)));
        Ok(())
    }

    /// Waits for the batch being spilled, if any, and keeps its run.
    fn wait_for_spill(&mut self) -> io::Result<()> {
        if let Some(spilling) = self.spilling.take() {
            let run = spilling
                .join()
                .map_err(|_| io::Error::other("the thread sorting a batch of lines failed"))??;
            self.runs.push(run);
        }
        Ok(())
    }
}

/// Sorts `batch` and writes it, one line each, to a temporary file, rewound.
fn write_run(mut batch: Vec<String>) -> io::Result<File> {
    batch.sort_unstable();
    batch.dedup();
    let mut file = BufWriter::with_capacity(1 << 16, tempfile::tempfile()?);
    for line in batch {
        file.write_all(line.as_bytes())?;
        file.write_all(b"\n")?;
    }
    let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
    io::Seek::rewind(&mut file)?;
    Ok(file)
}

/// One sorted run: in memory, or spilled to a file.
enum Source {
    Memory(std::vec::IntoIter<String>),
    Run(BufReader<File>),
}

impl Source {
    fn next_line(&mut self) -> io::Result<Option<String>> {
        match self {
            Self::Memory(lines) => Ok(lines.next()),
            Self::Run(reader) => {
                let mut line = String::new();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(None);
                }
                line.pop();
                Ok(Some(line))
            }
        }
    }
}

/// The merged, sorted, de-duplicated lines of a [`LineSorter`].
pub(crate) struct SortedLines {
    sources: Vec<Source>,
    heap: BinaryHeap<Reverse<(String, usize)>>,
    last: Option<String>,
}

impl Iterator for SortedLines {
    type Item = io::Result<String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let Reverse((line, index)) = self.heap.pop()?;
            match self.sources[index].next_line() {
                Ok(Some(next)) => self.heap.push(Reverse((next, index))),
                Ok(None) => {}
                Err(error) => return Some(Err(error)),
            }
            if self.last.as_deref() != Some(line.as_str()) {
                self.last = Some(line.clone());
                return Some(Ok(line));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_come_back_sorted_and_distinct_across_spilled_runs() {
        let mut sorter = LineSorter::new();
        let lines: Vec<String> = (0..2_000)
            .map(|i| format!("line {}", (i * 7919) % 1000))
            .collect();
        for (i, line) in lines.iter().enumerate() {
            sorter.push(line.clone()).unwrap();
            if i % 300 == 299 {
                sorter.spill().unwrap();
            }
        }
        sorter.wait_for_spill().unwrap();
        assert!(sorter.runs.len() > 3);
        let sorted: Vec<String> = sorter.finish().unwrap().map(Result::unwrap).collect();
        let mut expected = lines;
        expected.sort();
        expected.dedup();
        assert_eq!(sorted, expected);
    }
}
