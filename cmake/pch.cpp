// The donor of the project's precompiled header (cmake/pch.cmake): compiles nothing else.
