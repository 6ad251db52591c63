#pragma once
// A growable byte buffer that does not zero what it is about to overwrite: the CSV reader reads
// each block of the file straight into one, and a std::vector<char> would clear every block first.
// kPaddingBytes past the end are always allocated, so the parser may load 8 bytes at a time.

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace needlerig::rig::capture::csv {

class TextBuffer {
 public:
  static constexpr std::size_t kPaddingBytes = 8;

  // Never without storage, so data() can go to memchr and friends even when empty.
  TextBuffer() { grow(kInitialCapacity); }

  char* data() { return data_.get(); }
  const char* data() const { return data_.get(); }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::string_view view() const { return {data_.get(), size_}; }

  void clear() { size_ = 0; }
  /// Sets the size; bytes beyond the old size are left unwritten for the caller to fill.
  void resize(std::size_t size) {
    if (size > capacity_) grow(size);
    size_ = size;
  }
  void append(const char* bytes, std::size_t count) {
    const std::size_t old_size = size_;
    resize(size_ + count);
    if (count != 0) std::memcpy(data_.get() + old_size, bytes, count);
  }
  void assign(const char* bytes, std::size_t count) {
    size_ = 0;
    append(bytes, count);
  }
  void push_back(char c) { append(&c, 1); }
  /// Drops the first `count` bytes.
  void erase_front(std::size_t count) {
    if (count >= size_) {
      size_ = 0;
      return;
    }
    std::memmove(data_.get(), data_.get() + count, size_ - count);
    size_ -= count;
  }

 private:
  void grow(std::size_t needed) {
    std::size_t capacity = capacity_ + capacity_ / 2;
    if (capacity < needed) capacity = needed;
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity + kPaddingBytes);
    std::memset(bigger.get() + capacity, 0, kPaddingBytes);  // defined bytes for the sanitizers
    if (size_ != 0) std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    capacity_ = capacity;
  }

  static constexpr std::size_t kInitialCapacity = 64;

  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace needlerig::rig::capture::csv
