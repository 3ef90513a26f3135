"""Jobs: the jobs table behind the job engine, and connector schedules."""
