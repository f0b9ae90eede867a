from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from hotline.extensions import db

ROLES = {
    "operator": "话务员",
    "handler": "承办人",
    "supervisor": "股长/分管领导",
    "liaison": "纪检联络员",
    "admin": "管理员",
}


class Town(db.Model):
    __tablename__ = "towns"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(40), unique=True, nullable=False)

    def __repr__(self):
        return f"<Town {self.name}>"


class Unit(db.Model):
    """A handling unit: a town's 民政办 or a county section such as 社会救助股."""

    __tablename__ = "units"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(60), unique=True, nullable=False)
    kind = db.Column(db.String(20), nullable=False)  # town_office | county_section
    town_id = db.Column(db.Integer, db.ForeignKey("towns.id"), nullable=True)
    town = db.relationship("Town", backref=db.backref("units", lazy="dynamic"))

    COUNTY_SECTION = "社会救助股"

    def __repr__(self):
        return f"<Unit {self.name}>"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(40), unique=True, nullable=False)
    name = db.Column(db.String(40), nullable=False)
    role = db.Column(db.String(20), nullable=False)
    unit_id = db.Column(db.Integer, db.ForeignKey("units.id"), nullable=True)
    unit = db.relationship("Unit")
    password_hash = db.Column(db.String(255), nullable=False)
    active = db.Column(db.Boolean, nullable=False, default=True)

    def set_password(self, password):
        from flask import current_app

        self.password_hash = generate_password_hash(password, current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self):
        return self.active

    @property
    def role_label(self):
        return ROLES.get(self.role, self.role)

    def __repr__(self):
        return f"<User {self.username} {self.role}>"
