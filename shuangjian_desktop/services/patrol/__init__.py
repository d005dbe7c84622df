"""The monthly patrol plan (巡查计划): visits by risk and key hours for every supervised institution's listed
inspector, done versus planned, the lists of what was not visited, and the patrol report."""
