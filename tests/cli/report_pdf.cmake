# Prints the HTML report of a FAIL run to PDF with headless Chromium, as a QA engineer printing or
# filing it would, and checks the PDF's text: the verdict with what failed, and for every capture
# every column of the judged table and every judged measurement's id with its verdict on one line
# (a row cut off, a column pushed off the page or a section not printed would lose one).
#   NEEDLERIG, STATION, PLAN, FAULT: files; OUT: a scratch directory (removed first)

file(REMOVE_RECURSE "${OUT}")
find_program(CHROMIUM chromium)
find_program(PDFTOTEXT pdftotext)
if(NOT CHROMIUM OR NOT PDFTOTEXT)
  message(FATAL_ERROR "chromium and pdftotext (poppler-utils) are needed: scripts/install-deps")
endif()

execute_process(COMMAND "${NEEDLERIG}" run --yes --station "${STATION}" --plan "${PLAN}"
                        --serial CLI-PDF --seed 1 --fault "${FAULT}" --out "${OUT}"
                RESULT_VARIABLE run_exit OUTPUT_VARIABLE run_out ERROR_VARIABLE run_err)
if(NOT run_exit EQUAL 1)
  message(FATAL_ERROR "needlerig run exited ${run_exit}, expected 1 (FAIL)\n${run_out}\n${run_err}")
endif()
file(GLOB reports "${OUT}/CLI-PDF-*/report.html")
file(GLOB records "${OUT}/CLI-PDF-*/record.json")
file(READ "${records}" record)

# A fresh profile, and nothing that reaches for the network (there is none to reach).
set(pdf "${OUT}/report.pdf")
execute_process(COMMAND "${CHROMIUM}" --headless --no-sandbox --disable-gpu --disable-quic
                        --no-first-run --disable-background-networking --disable-component-update
                        --disable-sync "--user-data-dir=${OUT}/chromium-profile"
                        "--print-to-pdf=${pdf}" "file://${reports}"
                RESULT_VARIABLE chromium_exit OUTPUT_VARIABLE chromium_out
                ERROR_VARIABLE chromium_err TIMEOUT 180)
if(NOT EXISTS "${pdf}")
  message(FATAL_ERROR "chromium (exit ${chromium_exit}) wrote no PDF\n${chromium_out}\n${chromium_err}")
endif()
execute_process(COMMAND "${PDFTOTEXT}" -layout "${pdf}" - RESULT_VARIABLE text_exit
                OUTPUT_VARIABLE text ERROR_VARIABLE text_err)
if(NOT text_exit EQUAL 0)
  message(FATAL_ERROR "pdftotext failed: ${text_err}")
endif()

set(failures "")
foreach(expected "FAIL" "2 measurements FAIL"
                 "depth_1.0mm_level3: stroke_frequency = 10[0-9][.][0-9]+ Hz, limits 114[.]000 Hz")
  if(NOT text MATCHES "${expected}")
    string(APPEND failures "  the banner lacks '${expected}'\n")
  endif()
endforeach()

string(JSON capture_count LENGTH "${record}" captures)
math(EXPR last "${capture_count} - 1")
foreach(c RANGE ${last})
  # The capture's section of the text: from its heading to the next one.
  math(EXPR number "${c} + 1")
  math(EXPR next "${c} + 2")
  string(JSON step GET "${record}" captures ${c} step_name)
  string(FIND "${text}" "Capture ${number}: ${step}" begin)
  if(begin EQUAL -1)
    string(APPEND failures "  no section 'Capture ${number}: ${step}'\n")
    continue()
  endif()
  string(SUBSTRING "${text}" ${begin} -1 section)
  string(FIND "${section}" "Capture ${next}: " end)
  if(NOT end EQUAL -1)
    string(SUBSTRING "${section}" 0 ${end} section)
  endif()
  if(NOT section MATCHES "measurement +value +unit +lower +upper +guard band +uncertainty +verdict")
    string(APPEND failures "  ${step}: the judged table's header lacks a column\n")
  endif()
  string(JSON judged_count LENGTH "${record}" captures ${c} judged)
  math(EXPR last_judged "${judged_count} - 1")
  foreach(j RANGE ${last_judged})
    string(JSON id GET "${record}" captures ${c} judged ${j} id)
    string(JSON verdict GET "${record}" captures ${c} judged ${j} verdict)
    if(NOT section MATCHES "(^|\n) *${id} [^\n]* ${verdict}( [^\n]*)?\n")
      string(APPEND failures "  ${step}: no line with ${id} and ${verdict}\n")
    endif()
  endforeach()
endforeach()

if(NOT failures STREQUAL "")
  message(FATAL_ERROR "${pdf}:\n${failures}--- text:\n${text}")
endif()
message(STATUS "${pdf}: the verdict and ${capture_count} capture(s) with every judged measurement")
