#pragma once
// Large sample columns on huge pages where the system allows it.

#include <cstddef>

namespace needlerig::rig::capture {

/// Asks the kernel to back the whole 2 MiB pages inside [data, data + bytes) with transparent
/// huge pages. A 10 M-row capture's columns are 240 MB: on 4 KiB pages the parse threads take
/// 60 000 page faults writing them (a fifth of the parse time on a virtual machine, where each
/// fault is dear), on 2 MiB pages about 120. Only advice: where the kernel has no transparent
/// huge pages, or allows them only by its own policy, nothing changes.
void advise_huge_pages(void* data, std::size_t bytes);

}  // namespace needlerig::rig::capture
