#include "rig/record/run_directory.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <streambuf>
#include <vector>

#include "rig/record/sha256.hpp"

namespace needlerig::rig::record {
namespace fs = std::filesystem;

namespace {

std::string os_error(int error) { return std::strerror(error); }

/// An output buffer over a file descriptor that hashes every byte it writes.
class HashingFileBuffer final : public std::streambuf {
 public:
  explicit HashingFileBuffer(int fd) : fd_(fd), buffer_(1 << 16) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  /// errno of the first failed write, 0 when every write succeeded.
  int error() const { return error_; }
  std::string finish_hex() { return hash_.finish_hex(); }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const std::string_view pending(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    hash_.update(pending);
    std::size_t done = 0;
    while (done < pending.size() && error_ == 0) {
      const ssize_t n = ::write(fd_, pending.data() + done, pending.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error_ = errno;
      if (n > 0) done += static_cast<std::size_t>(n);
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return error_ == 0;
  }

  int fd_;
  std::vector<char> buffer_;
  Sha256 hash_;
  int error_ = 0;
};

/// Renames `from` to `to` in one directory unless `to` exists (errno EEXIST then). Where the file
/// system has no RENAME_NOREPLACE, a hard link (which also refuses an existing name) and an unlink
/// of the temporary name do the same.
bool put_in_place(int dir_fd, const std::string& from, const std::string& to) {
  if (::renameat2(dir_fd, from.c_str(), dir_fd, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno != EINVAL && errno != ENOSYS) return false;
  if (::linkat(dir_fd, from.c_str(), dir_fd, to.c_str(), 0) != 0) return false;
  ::unlinkat(dir_fd, from.c_str(), 0);
  return true;
}

void make_parent(const fs::path& path) {
  const fs::path parent = path.parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) {
    throw RunDirectoryRefused(parent.string() + ": cannot be created: " + ec.message());
  }
}

/// The directory's file system must hold the run: a full disk found after the pen ran loses it.
void require_room(const fs::path& path, int fd, std::uint64_t expected_bytes) {
  struct statvfs fs_info {};
  if (::fstatvfs(fd, &fs_info) != 0) return;  // unknown: the writes will tell
  const auto free_bytes =
      static_cast<std::uint64_t>(fs_info.f_bavail) * static_cast<std::uint64_t>(fs_info.f_frsize);
  if (free_bytes < expected_bytes) {
    throw RunDirectoryRefused(
        path.string() + ": its file system has " + std::to_string(free_bytes / 1'000'000) +
        " MB free; the run's captures and record need about " +
        std::to_string(expected_bytes / 1'000'000 + 1) + " MB");
  }
}

}  // namespace

RunDirectory RunDirectory::create(const fs::path& path, std::uint64_t expected_bytes) {
  make_parent(path);
  const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  const int parent_fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (parent_fd < 0) {
    throw RunDirectoryRefused(parent.string() + ": cannot be opened: " + os_error(errno));
  }
  const std::string name = path.filename().string();
  int fd = -1;
  if (::mkdirat(parent_fd, name.c_str(), 0777) != 0) {
    const int error = errno;
    ::close(parent_fd);
    throw RunDirectoryRefused(
        path.string() +
        (error == EEXIST ? ": already exists (a run directory is never shared or reused, and a "
                           "link is never followed)"
                         : ": cannot be created: " + os_error(error)));
  }
  fd = ::openat(parent_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  const int open_error = errno;
  ::close(parent_fd);
  if (fd < 0) {
    throw RunDirectoryRefused(path.string() + ": cannot be opened: " + os_error(open_error));
  }
  RunDirectory dir(path, fd);
  try {
    require_room(path, fd, expected_bytes);
    // Permissions, a read-only mount, quotas: only a write tells for sure.
    dir.write_file(".write-probe", std::string_view("needlerig\n"));
    if (::unlinkat(fd, ".write-probe", 0) != 0) {
      throw RunDirectoryRefused(path.string() + ": a file written there cannot be removed: " +
                                os_error(errno));
    }
  } catch (const RunDirectoryRefused&) {
    dir.remove_if_empty();
    throw;
  } catch (const std::exception& e) {
    dir.remove_if_empty();
    throw RunDirectoryRefused(std::string(e.what()) + " (the run directory is not writable)");
  }
  return dir;
}

RunDirectory::RunDirectory(RunDirectory&& other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_) {
  other.fd_ = -1;
}

RunDirectory::~RunDirectory() {
  if (fd_ >= 0) ::close(fd_);
}

int RunDirectory::open_subdirectory(std::string_view name) {
  const std::string sub(name);
  if (::mkdirat(fd_, sub.c_str(), 0777) != 0 && errno != EEXIST) {
    throw std::runtime_error((path_ / sub).string() + ": cannot be created: " + os_error(errno));
  }
  const int fd = ::openat(fd_, sub.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    throw std::runtime_error((path_ / sub).string() + ": cannot be opened: " + os_error(errno));
  }
  return fd;
}

FileRef RunDirectory::write_file(std::string_view relative,
                                 const std::function<void(std::ostream&)>& write) {
  const auto slash = relative.find('/');
  const bool nested = slash != std::string_view::npos;
  const std::string name(nested ? relative.substr(slash + 1) : relative);
  const std::string shown = (path_ / std::string(relative)).string();
  if (name.empty() || name.find('/') != std::string::npos) {
    throw std::invalid_argument(shown + ": not a file name of a run directory");
  }
  const int dir_fd = nested ? open_subdirectory(relative.substr(0, slash)) : fd_;
  const auto close_dir = [&] {
    if (nested) ::close(dir_fd);
  };
  const std::string temporary = name + ".tmp";
  const int fd =
      ::openat(dir_fd, temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
               0666);
  if (fd < 0) {
    const int error = errno;
    close_dir();
    throw std::runtime_error(shown + ": cannot be created: " + os_error(error));
  }
  std::string failure;
  std::string sha256;
  try {
    HashingFileBuffer buffer(fd);
    std::ostream output(&buffer);
    write(output);
    output.flush();
    if (buffer.error() != 0) failure = "cannot be written: " + os_error(buffer.error());
    if (failure.empty() && !output) failure = "cannot be written";
    // A record the operator saw as written must survive a power cut right after.
    if (failure.empty() && ::fsync(fd) != 0) failure = "cannot be synced to disk: " + os_error(errno);
    sha256 = buffer.finish_hex();
  } catch (const std::exception& e) {
    failure = e.what();
  }
  ::close(fd);
  if (failure.empty() && !put_in_place(dir_fd, temporary, name)) {
    failure = errno == EEXIST ? "already exists; a run's file is never overwritten"
                              : "cannot be put in place: " + os_error(errno);
  }
  if (!failure.empty()) {
    ::unlinkat(dir_fd, temporary.c_str(), 0);
    close_dir();
    throw std::runtime_error(shown + ": " + failure);
  }
  const int synced = ::fsync(dir_fd);  // the rename itself must reach the disk
  close_dir();
  if (synced != 0) throw std::runtime_error(shown + ": its directory cannot be synced to disk");
  return FileRef{std::string(relative), sha256};
}

FileRef RunDirectory::write_file(std::string_view relative, std::string_view bytes) {
  return write_file(relative, [bytes](std::ostream& output) {
    output.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  });
}

void RunDirectory::remove_if_empty() noexcept {
  std::error_code ignored;
  if (fs::is_empty(path_, ignored)) fs::remove(path_, ignored);
}

FileRef file_ref(const fs::path& path) { return FileRef{path.string(), sha256_file(path)}; }

}  // namespace needlerig::rig::record
