"""The frame of the window: start-up, the main window and its menus, the tree, the 审核 dock, files and locks,
undo, keyboard help and the state kept between runs."""
