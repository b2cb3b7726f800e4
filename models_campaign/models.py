# The showcase of "mô hình học tập và làm theo Bác" is built in its own issue.
