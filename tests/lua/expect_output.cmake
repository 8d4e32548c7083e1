# Runs a command and checks how it ended and what it printed; for the CTests in this folder
# that prove a failure is reported (a test that passes no matter what proves nothing).
#
#   cmake -DPROGRAM=<file> [-DARG_1=<arg> -DARG_2=<arg> ...] [-DWORKING_DIRECTORY=<dir>]
#         -DEXPECT_STATUS=<n> [-DEXPECT_1=<text> -DEXPECT_2=<text> ...]
#         [-DEXPECT_LAST_LINE=<text>] -P expect_output.cmake
#
# Arguments and texts are numbered rather than given as lists, so that they reach this
# script unchanged through add_test (which splits its arguments at semicolons). EXPECT_n
# are literal texts that must each occur in the output (stdout and stderr together);
# EXPECT_LAST_LINE must be its last non-empty line.
cmake_minimum_required(VERSION 3.20)

if(NOT DEFINED PROGRAM OR NOT DEFINED EXPECT_STATUS)
    message(FATAL_ERROR "expect_output.cmake: PROGRAM and EXPECT_STATUS are required")
endif()
set(command "${PROGRAM}")
set(i 1)
while(DEFINED ARG_${i})
    list(APPEND command "${ARG_${i}}")
    math(EXPR i "${i} + 1")
endwhile()
if(NOT DEFINED WORKING_DIRECTORY)
    set(WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}")
endif()

execute_process(COMMAND ${command}
                WORKING_DIRECTORY "${WORKING_DIRECTORY}"
                RESULT_VARIABLE status
                OUTPUT_VARIABLE output
                ERROR_VARIABLE output)
# Shown in any case: ctest --output-on-failure then shows what the command printed.
message("${output}")

set(problems "")
if(NOT status STREQUAL "${EXPECT_STATUS}")
    string(APPEND problems "  exit status ${status}, expected ${EXPECT_STATUS}\n")
endif()

set(i 1)
while(DEFINED EXPECT_${i})
    string(FIND "${output}" "${EXPECT_${i}}" at)
    if(at EQUAL -1)
        string(APPEND problems "  the output does not contain: ${EXPECT_${i}}\n")
    endif()
    math(EXPR i "${i} + 1")
endwhile()

if(DEFINED EXPECT_LAST_LINE)
    string(STRIP "${output}" stripped)
    string(FIND "${stripped}" "\n" cut REVERSE)
    if(cut EQUAL -1)
        set(last "${stripped}")
    else()
        math(EXPR cut "${cut} + 1")
        string(SUBSTRING "${stripped}" ${cut} -1 last)
    endif()
    string(STRIP "${last}" last)
    if(NOT last STREQUAL EXPECT_LAST_LINE)
        string(APPEND problems "  the last line is \"${last}\", expected \"${EXPECT_LAST_LINE}\"\n")
    endif()
endif()

if(problems)
    string(REPLACE ";" " " shown "${command}")
    message(FATAL_ERROR "${shown}:\n${problems}")
endif()
