"""People, schools and in-service teachers (人员、学校、在职教师): their sheets and registers."""
