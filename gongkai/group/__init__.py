"""Site groups (站群, 集约化平台): one folder holding the county government's, its departments' and its
townships' columns, each an ordinary site folder, built side by side and published as one tree."""
