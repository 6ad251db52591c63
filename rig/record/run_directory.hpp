#pragma once
// The run directory: where one QA run is kept on disk (its files: rig/outputs/run_outputs.hpp).
//
// It is created before anything moves, exclusively and never through a link: mkdir fails when
// anything (a directory, a file, a symbolic link) already has its name, so two runs can never
// share one, and a link planted under the next run's name is refused rather than followed. From
// then on every file is written relative to the directory's own descriptor, so that renaming or
// replacing the path meanwhile cannot redirect the run's files.
//
// Every file is written to a temporary name beside it, synced, and renamed to its name without
// replacing anything there (renameat2 RENAME_NOREPLACE): a file that exists is complete, and a
// file of an earlier run is evidence, never overwritten. Its SHA-256 is computed from the bytes
// as they are written.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "rig/record/run_record.hpp"

namespace needlerig::rig::record {

/// The run directory cannot be had: it exists, its parent cannot be made, it is not writable or
/// its file system is too full. Nothing has been written into an existing directory.
class RunDirectoryRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RunDirectory {
 public:
  /// Creates `path` (its parent directories where missing) as a new, empty directory, proves that
  /// it takes a file (a probe written, synced and removed) and that its file system has room for
  /// `expected_bytes` more. Throws RunDirectoryRefused naming the path and the reason.
  static RunDirectory create(const std::filesystem::path& path, std::uint64_t expected_bytes);

  RunDirectory(RunDirectory&& other) noexcept;
  RunDirectory& operator=(RunDirectory&&) = delete;
  RunDirectory(const RunDirectory&) = delete;
  ~RunDirectory();

  const std::filesystem::path& path() const { return path_; }

  /// Writes `relative` ("record.json", or "captures/01-x.csv": one subdirectory level, created
  /// where missing) through `write`, atomically as above. Returns the file's reference: its
  /// relative path and SHA-256. Throws std::runtime_error naming the file when it cannot be
  /// written or already exists; a temporary file is removed then.
  FileRef write_file(std::string_view relative, const std::function<void(std::ostream&)>& write);
  FileRef write_file(std::string_view relative, std::string_view bytes);

  /// Removes the directory if nothing was written into it (a run refused after it was made).
  void remove_if_empty() noexcept;

 private:
  RunDirectory(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  int open_subdirectory(std::string_view name);

  std::filesystem::path path_;
  int fd_ = -1;
};

/// The reference of an input file (plan, station config, fault plan): its path as given and the
/// SHA-256 of its bytes. Throws std::runtime_error naming the path when it cannot be read.
FileRef file_ref(const std::filesystem::path& path);

}  // namespace needlerig::rig::record
