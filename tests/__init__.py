
import os

# Apps that tests build themselves (create_app({...}) without the testing config) would otherwise deliver mail
# in a background thread that can outlive the test's database ("Cannot operate on a closed database" in a later
# test). The suite delivers inline; tests of the thread mode set MAIL_DELIVERY in the app's config themselves.
# Here, because this runs before anything imports workspace.config, which reads the environment once.
os.environ.setdefault("MAIL_DELIVERY", "inline")
